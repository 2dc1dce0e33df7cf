// Benchmark 5 — footprint, on the real CLI process (`bin/opentt.js gateway`, built dist/):
// resident memory with a large seeded history and 1,000 WebSocket clients, and the time from
// spawning the process to its first served request, empty and with that history. Baselines: a
// bare ws server process holding the same clients, and a bare node:http process started and
// probed the same way.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { BenchContext } from "./lib/context.js";
import { rssMb, startServer } from "./lib/host.js";
import { request } from "./lib/http-client.js";
import { gatewayNodeFlags, repoRoot } from "./lib/paths.js";
import { type BenchResult, metric } from "./lib/result.js";
import { median } from "./lib/stats.js";
import { Crowd } from "./lib/ws-clients.js";

const START_DEADLINE_MS = 30_000;
const BARE_SERVER = "require('node:http').createServer((q,s)=>s.end('{}')).listen(Number(process.argv[1]),'127.0.0.1')";

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** One GET without keep-alive; resolves with the status, or 0 when nobody listens yet. */
function probe(port: number, urlPath: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(2_000, () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

interface Started {
  proc: ChildProcess;
  port: number;
  ms: number;
  /** CPU time (user + system, all threads) the process had used when it first answered. */
  cpuMs: number;
}

/** CPU time of a process so far, from /proc (Linux; clock ticks of 10 ms); NaN elsewhere. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Spawns a process on `core` and measures the time until `urlPath` answers 200. The core matters:
 * a child inherits this process's pinning (run.ts pins it to the client core), and a server
 * sharing the core with the poller here measured ~35 % slower than on a core of its own.
 */
async function startTimed(
  args: (port: number) => string[],
  urlPath: string,
  core: number | undefined,
): Promise<Started> {
  const port = await freePort();
  const t0 = performance.now();
  const [cmd, argv] =
    core === undefined
      ? [process.execPath, args(port)]
      : ["taskset", ["-c", String(core), process.execPath, ...args(port)]];
  const proc = spawn(cmd, argv, { stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  let done = false;
  void exited.then(() => {
    done = true;
  });
  while (!done && performance.now() - t0 < START_DEADLINE_MS) {
    if ((await probe(port, urlPath)) === 200) {
      return { proc, port, ms: performance.now() - t0, cpuMs: cpuMs(proc.pid ?? 0) };
    }
    await sleep(2);
  }
  proc.kill("SIGKILL");
  throw new Error(`${args(port).join(" ")} did not serve ${urlPath} within ${START_DEADLINE_MS} ms`);
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function benchFootprint(ctx: BenchContext): Promise<BenchResult> {
  const { sizes } = ctx;
  const bin = path.join(repoRoot(), "bin", "opentt.js");
  const gatewayArgs = (dataDir: string) => (port: number) => [
    ...gatewayNodeFlags(),
    bin,
    "gateway",
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--data",
    dataDir,
    "--no-mdns",
    "--log-level",
    "warn",
  ];
  const largeDir = await ctx.seeded(sizes.historyLarge);
  const emptyDir = ctx.scratch("startup-empty");

  const empty: number[] = [];
  const large: number[] = [];
  const bare: number[] = [];
  const emptyCpu: number[] = [];
  const bareCpu: number[] = [];
  for (let run = 0; run < sizes.startupRuns; run++) {
    for (const [dir, out] of [
      [emptyDir, empty],
      [largeDir, large],
    ] as const) {
      const s = await startTimed(gatewayArgs(dir), "/api/v2", ctx.cores.server);
      out.push(s.ms);
      if (dir === emptyDir) emptyCpu.push(s.cpuMs);
      await stopProcess(s.proc);
    }
    const b = await startTimed((port) => ["-e", BARE_SERVER, String(port)], "/", ctx.cores.server);
    bare.push(b.ms);
    bareCpu.push(b.cpuMs);
    await stopProcess(b.proc);
  }
  ctx.log(
    `  start-up: empty ${median(empty).toFixed(0)} ms, large ${median(large).toFixed(0)} ms, bare ${median(bare).toFixed(0)} ms`,
  );

  // Memory: the CLI gateway on the large history, pages read, every client connected.
  const gw = await startTimed(gatewayArgs(largeDir), "/api/v2", ctx.cores.server);
  let crowd: Crowd | undefined;
  let bareCrowd: Crowd | undefined;
  const bareWs = await startServer("bare-ws", { frame: "{}" }, ctx.mode);
  try {
    const pid = gw.proc.pid ?? 0;
    const idle = rssMb(pid);
    gw.proc.kill("SIGUSR1");
    let token = "";
    for (let i = 0; i < 100 && !token; i++) {
      await sleep(20);
      const r = await request(gw.port, "GET", `/api/v2/accesstoken/generate?name=bench-footprint-${Date.now()}`);
      if (r.status === 201) token = (JSON.parse(r.text) as { token: { token: string } }).token.token;
    }
    if (!token) throw new Error("could not mint a token on the CLI gateway (SIGUSR1 button)");
    for (const q of ["", "&order_type=TO_GO", "&location_name=7", "&offset=100"]) {
      const r = await request(gw.port, "GET", `/api/v2/orders?limit=100${q}`, { token });
      if (r.status !== 200) throw new Error(`history → ${r.status}`);
    }
    const auth = { authorization: `Bearer ${token}` };
    crowd = await Crowd.connect(`ws://127.0.0.1:${gw.port}/api/v2/websocket`, sizes.wsClients, auth, 1);
    bareCrowd = await Crowd.connect(`ws://127.0.0.1:${bareWs.port}/`, sizes.wsClients, auth, 0);
    await sleep(1_000);
    const rss = rssMb(pid);
    const bareRss = rssMb(bareWs.pid);
    ctx.log(`  RSS: idle ${idle.toFixed(1)} MB, with clients ${rss.toFixed(1)} MB; bare ws ${bareRss.toFixed(1)} MB`);
    const big = sizes.historyLarge.toLocaleString("en-US");
    const startup = (name: string, xs: number[]) =>
      metric({
        name,
        unit: "ms",
        value: median(xs),
        baseline: median(bare),
        ratio: median(xs) / median(bare),
        target: "≤ 1,000 ms",
        pass: median(xs) <= 1000,
      });
    return {
      id: "5",
      title: "Footprint",
      baseline: "bare ws server holding the same clients; bare node:http process for start-up",
      metrics: [
        metric({
          name: `RSS, ${big} rows + ${sizes.wsClients} WS clients`,
          unit: "MB",
          value: rss,
          baseline: bareRss,
          ratio: rss / bareRss,
          target: "≤ 150 MB",
          pass: rss <= 150,
        }),
        metric({ name: `RSS, ${big} rows, idle after start`, unit: "MB", value: idle }),
        startup("start → first served request, empty data", empty),
        metric({
          name: "CPU time used by then (user + system), empty data",
          unit: "ms",
          value: median(emptyCpu),
          baseline: median(bareCpu),
          ratio: median(emptyCpu) / median(bareCpu),
        }),
        startup(`start → first served request, ${big} rows`, large),
      ],
      notes: [
        "Measured on `node bin/opentt.js gateway` (dist/), spawned fresh each time on the server core (the poller on the client core); start-up = spawn to the first 200 from GET /api/v2, polled every 2 ms.",
        `${sizes.startupRuns} start-ups each; medians. The CPU row is less sensitive to a busy machine than wall time (10 ms resolution). RSS read from /proc/<pid>/status after history pages were served and the clients connected.`,
      ],
    };
  } finally {
    await crowd?.close();
    await bareCrowd?.close();
    await bareWs.stop();
    await stopProcess(gw.proc);
  }
}
