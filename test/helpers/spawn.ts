// Runs the real command line, `node bin/opentt.js …`, as a child process (it needs `npm run
// build`), for tests that must kill the gateway, restart it or put it in a network namespace.
// Port 0: the gateway's base URL is read from its "serving" log line.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll } from "vitest";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BIN = path.join(ROOT, "bin/opentt.js");

export function assertBuilt(): void {
  if (!existsSync(path.join(ROOT, "dist/cli/main.js"))) throw new Error("dist/ is missing: run `npm run build` first");
}

export interface SpawnedGateway {
  proc: ChildProcess;
  /** `http://127.0.0.1:<port>`, from the gateway's "serving" log line. */
  base: string;
  port: number;
  /** Every JSON log line the gateway printed so far. */
  logs: Array<Record<string, unknown>>;
  /** Everything it printed, stdout and stderr. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

/**
 * Starts `[...prefix] node bin/opentt.js gateway --port 0 --no-mdns ...args` and resolves once it
 * serves. `prefix` runs it inside something else, e.g. ["ip", "netns", "exec", "<ns>"]. The one
 * spawn helper of the tests (process, reliability, CLI).
 */
export async function spawnGateway(
  args: string[],
  prefix: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<SpawnedGateway> {
  assertBuilt();
  const argv = [
    ...prefix,
    process.execPath,
    BIN,
    "gateway",
    "--port",
    "0",
    "--no-mdns",
    "--log-level",
    "info",
    ...args,
  ];
  const proc = spawn(argv[0] as string, argv.slice(1), { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const logs: Array<Record<string, unknown>> = [];
  let out = "";
  proc.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start within 20 s:\n${out}`)), 20_000);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (${code ?? signal}) before serving:\n${out}`));
    });
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      out += `${line}\n`;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      const url = typeof entry.url === "string" ? entry.url : "";
      if (/:\d+\/$/.test(url) && String(entry.msg ?? "").startsWith("opentt gateway serving")) {
        clearTimeout(timer);
        resolve(url.replace(/\/$/, ""));
      }
    });
  });
  return {
    proc,
    base,
    port: Number(new URL(base).port),
    logs,
    output: () => out,
    exited,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
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
  start(dataDir: string, extra?: string[], env?: NodeJS.ProcessEnv): Promise<SpawnedGateway>;
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
    start: async (dataDir, extra, env) => {
      const g = await spawnGateway(["--host", "127.0.0.1", "--data", dataDir, ...(extra ?? [])], [], env);
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
