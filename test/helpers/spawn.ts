// Runs the real command line, `node bin/opentt.js …`, as a child process (it needs `npm run
// build`). The gateway's base URL is read from its "serving" log line.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BIN = path.join(ROOT, "bin/opentt.js");

export function assertBuilt(): void {
  if (!existsSync(path.join(ROOT, "dist/cli/main.js"))) throw new Error("dist/ is missing: run `npm run build` first");
}

export interface SpawnedGateway {
  proc: ChildProcess;
  base: string;
  output: () => string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

export async function spawnGateway(dataDir: string, extra: string[] = []): Promise<SpawnedGateway> {
  assertBuilt();
  const proc = spawn(
    process.execPath,
    [BIN, "gateway", "--host", "127.0.0.1", "--port", "0", "--data", dataDir, "--no-mdns", ...extra],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, OPENTT_LOG_LEVEL: "info" } },
  );
  let out = "";
  const exited = new Promise<number | string>((resolve) => {
    proc.once("exit", (code, signal) => resolve(code ?? signal ?? -1));
  });
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${out}`)), 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"url":"(http:\/\/[^"]+?)\/?"/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    proc.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`gateway exited early:\n${out}`));
    });
  });
  return { proc, base, output: () => out, exited };
}

/** Runs `node bin/opentt.js <args>` to completion. */
export function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  assertBuilt();
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    proc.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    proc.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * For a test file that spawns gateways in temporary folders: every gateway started through it
 * is killed, and every folder removed, after the file's tests.
 */
export function spawnedGateways(prefix: string): {
  start(dataDir: string, extra?: string[]): Promise<SpawnedGateway>;
  tempDir(): string;
} {
  const running: SpawnedGateway[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const g of running) {
      if (g.proc.exitCode === null && g.proc.signalCode === null) g.proc.kill("SIGKILL");
      await g.exited;
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return {
    start: async (dataDir, extra) => {
      const g = await spawnGateway(dataDir, extra);
      running.push(g);
      return g;
    },
    tempDir: () => {
      const d = mkdtempSync(path.join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
  };
}
