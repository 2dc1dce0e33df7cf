// Runs the real CLI (`node bin/opentt.js gateway`) as a child process, for tests that must kill
// it or put it in a network namespace. Port 0: the port is read from the gateway's own log line.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = `${ROOT}bin/opentt.js`;

export interface SpawnedGateway {
  proc: ChildProcess;
  port: number;
  /** Every JSON log line the gateway printed so far. */
  logs: Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

export function assertBuilt(): void {
  if (!existsSync(`${ROOT}dist/cli/main.js`)) {
    throw new Error("dist/cli/main.js is missing: run `npm run build` before the reliability tests");
  }
}

/**
 * Starts `[...prefix] node bin/opentt.js gateway ...args --port 0` and resolves once it serves.
 * prefix runs it inside something else, e.g. ["ip", "netns", "exec", "<ns>"].
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
  let stderr = "";
  proc.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start within 20 s: ${stderr}`)), 20_000);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (${code ?? signal}) before serving: ${stderr}`));
    });
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      const url = typeof entry.url === "string" ? entry.url : "";
      const m = /:(\d+)\/$/.exec(url);
      if (m && String(entry.msg ?? "").startsWith("opentt gateway serving")) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return {
    proc,
    port,
    logs,
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
