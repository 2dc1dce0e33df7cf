// Load that measures the server, not the client (issue 21.1): `wrk` (C, Debian) drives the
// requests, pinned to one core while the server under test is pinned to the other; the
// server's own CPU time (utime + stime from /proc/<pid>/stat, every thread) is sampled over
// the run, so each row can show how busy the server's core was and what one request cost it.
// A side whose core was under SATURATED busy was waiting for its client: its row says so.
import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./paths.js";

/** Below this share of its core, a server was waiting on its load generator. */
const SATURATED = 0.9;

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system, all threads) a process has used so far; NaN off Linux. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) — utime and stime are 14 and 15.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return pid === process.pid ? process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 : Number.NaN;
  }
}

/**
 * Benchmarks that hold thousands of sockets in one process (the WebSocket crowds, the cloud's
 * simulated gateways) need one descriptor each: with the usual soft limit of 1,024 the connects
 * fail half-way with EMFILE. Say what to do instead.
 */
export function checkDescriptors(needed: number, what: string): void {
  let limit = Number.POSITIVE_INFINITY;
  try {
    const out = execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim();
    if (out !== "unlimited") limit = Number(out);
  } catch {}
  if (limit < needed) {
    throw new Error(
      `${what} needs ${needed} file descriptors, the limit is ${limit}: run \`ulimit -n ${needed}\` first`,
    );
  }
}

/** Which core the server under test and which the load generator run on (none with one core). */
export interface Cores {
  server?: number;
  client?: number;
}

export function benchCores(): Cores {
  let n = 1;
  try {
    n = Number(execFileSync("nproc", ["--all"], { encoding: "utf8" }).trim());
  } catch {}
  return n >= 2 ? { client: 0, server: 1 } : {};
}

/** Pins every thread of `pid` to `core` (taskset); a no-op without a core. */
export function pin(pid: number, core: number | undefined): void {
  if (core === undefined) return;
  execFileSync("taskset", ["-a", "-cp", String(core), String(pid)], { stdio: "ignore" });
}

/** Measures a process's CPU over an interval of wall time. */
export function cpuMeter(pid: number): () => { cpu: number; wall: number; busy: number } {
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  return () => {
    const cpu = cpuSeconds(pid) - c0;
    const wall = (performance.now() - t0) / 1000;
    return { cpu, wall, busy: cpu / wall };
  };
}

export interface WrkRun {
  requests: number;
  /** Requests per second, as wrk counts them. */
  rate: number;
  /** Share of one core the server used over the run (1 = its whole core). */
  busy: number;
  /** Server CPU time per request, µs. */
  cpuPerRequestUs: number;
}

export interface WrkOptions {
  port: number;
  path: string;
  seconds: number;
  connections: number;
  threads?: number;
  headers?: Record<string, string>;
  /** A Lua script under bench/wrk/, and its arguments. */
  script?: string;
  /** The process whose CPU is sampled (the server under test). */
  serverPid: number;
  cores: Cores;
}

/** Runs wrk once against a server and samples the server's CPU over the run. */
export async function runWrk(o: WrkOptions): Promise<WrkRun> {
  const args = [
    `-t${o.threads ?? 1}`,
    `-c${o.connections}`,
    `-d${Math.max(1, Math.round(o.seconds))}s`,
    ...Object.entries(o.headers ?? {}).flatMap(([k, v]) => ["-H", `${k}: ${v}`]),
    ...(o.script ? ["-s", path.join(repoRoot(), "bench", "wrk", o.script)] : []),
    `http://127.0.0.1:${o.port}${o.path}`,
  ];
  const [cmd, argv] =
    o.cores.client === undefined ? ["wrk", args] : ["taskset", ["-c", String(o.cores.client), "wrk", ...args]];
  const meter = cpuMeter(o.serverPid);
  const out = await new Promise<string>((resolve, reject) =>
    execFile(cmd, argv as string[], { encoding: "utf8", timeout: (o.seconds + 60) * 1000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`wrk failed: ${err.message} ${stderr}`)) : resolve(stdout),
    ),
  );
  const { cpu, busy } = meter();
  return { ...parseWrk(out), busy, cpuPerRequestUs: (cpu * 1e6) / Math.max(1, parseWrk(out).requests) };
}

/** The figures of a wrk summary; throws on any non-2xx reply or socket error. */
function parseWrk(out: string): { requests: number; rate: number } {
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  if (!Number.isFinite(requests) || !Number.isFinite(rate)) throw new Error(`unreadable wrk output:\n${out}`);
  if (non2xx > 0 || errors > 0) throw new Error(`wrk: ${non2xx} non-2xx replies, ${errors} socket errors:\n${out}`);
  return { requests, rate };
}

/** The label a row carries when a side did not saturate its core. */
export function saturation(sides: Array<[string, number]>): { counts: boolean; note: string } {
  const low = sides.filter(([, busy]) => !(busy >= SATURATED));
  return low.length === 0
    ? { counts: true, note: "" }
    : {
        counts: false,
        note: ` — client-bound (${low.map(([s, b]) => `${s} ${Math.round(b * 100)} %`).join(", ")}), does not count`,
      };
}
