// Runs a benchmark server either in its own process (real runs: the load generator in this
// process and the server under test each get a core, and every baseline runs the same way) or
// in-process (the CI smoke test, which runs the TypeScript sources directly).
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Hosted, type ServerKind, startKind } from "../servers/kinds.js";
import { pin } from "./load.js";
import { gatewayNodeFlags } from "./paths.js";

export type HostMode = "child" | "inline";

export interface ServerHandle {
  info: Record<string, unknown>;
  port: number;
  /** Process id of the server; this process's own id when inline. */
  pid: number;
  call<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;
const CALL_TIMEOUT_MS = 300_000;

export async function startServer(
  kind: ServerKind,
  opts: Record<string, unknown>,
  mode: HostMode,
  /** The core a child server is pinned to (load.ts); inline servers are never pinned. */
  core?: number,
): Promise<ServerHandle> {
  if (mode === "inline") return inline(await startKind(kind, opts));
  const h = await child(kind, opts);
  pin(h.pid, core);
  return h;
}

function inline(h: Hosted): ServerHandle {
  let stopped: Promise<void> | undefined;
  return {
    info: h.info,
    port: Number(h.info.port),
    pid: process.pid,
    call: async <T>(cmd: string, args: Record<string, unknown> = {}) => {
      const fn = h.commands[cmd];
      if (!fn) throw new Error(`unknown command ${cmd}`);
      return (await fn(args)) as T;
    },
    stop: () => {
      stopped ??= h.stop();
      return stopped;
    },
  };
}

type Reply =
  | { type: "ready"; info: Record<string, unknown> }
  | { type: "result"; id: number; result?: unknown; error?: string };

async function child(kind: ServerKind, opts: Record<string, unknown>): Promise<ServerHandle> {
  const entry = fileURLToPath(new URL("../servers/child.js", import.meta.url));
  const proc: ChildProcess = fork(entry, [kind, JSON.stringify(opts)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // The gateway runs with its own Node flags (bin/opentt.js); baselines with Node's defaults.
    execArgv: kind === "gateway" ? [...process.execArgv, ...gatewayNodeFlags()] : process.execArgv,
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`${kind} server did not start within ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited with ${code} before it was ready`));
    });
    proc.on("message", (m: Reply) => {
      if (m.type === "ready") {
        clearTimeout(timer);
        resolve(m.info);
      } else if (m.type === "result") {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.result);
      }
    });
  });
  proc.on("exit", () => {
    for (const p of pending.values()) p.reject(new Error(`${kind} server exited`));
    pending.clear();
  });
  let stopped: Promise<void> | undefined;
  return {
    info,
    port: Number(info.port),
    pid: proc.pid ?? 0,
    call: <T>(cmd: string, args: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error(`${kind}.${cmd} timed out`)), CALL_TIMEOUT_MS);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        proc.send({ type: "call", id, cmd, args });
      }),
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
        proc.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        proc.send({ type: "stop" });
      });
      return stopped;
    },
  };
}

/** Resident set size of a process in MB, from /proc (Linux); NaN elsewhere. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return pid === process.pid ? process.memoryUsage().rss / 2 ** 20 : Number.NaN;
  }
}
