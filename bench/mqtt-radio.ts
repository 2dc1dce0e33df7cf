// Issue 16 point 7 — the MQTT radio at scale: N trackers on a real mosquitto, each sending
// started → located → seen → docked cycles. The gateway is the real CLI process
// (`opentt gateway --radio mqtt://…`) on the server core; the trackers, the broker and the
// WebSocket client share the client core. Two phases:
// 1. Burst: every tracker sends its cycles as fast as the broker takes them. Events per second the
//    gateway applies, as a ratio to a bare `mqtt` subscriber process receiving the same messages
//    in the same run on the same (server) core (target ≥ 0.5).
// 2. Paced: each tracker sends one event a second, spread evenly (500 trackers: 500 events/s,
//    ~60× a busy floor, where a tracker reports about once a minute). Latency from publishing an
//    event to its WebSocket notification, p99 (target ≤ 50 ms). The burst's latency is shown too:
//    it measures the queue the burst builds, not the gateway.
// `npm run bench:mqtt` runs the full size; test/radio/mqtt-bench-smoke.test.ts runs it tiny.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import WebSocket from "ws";
import { freePort, startMosquitto, terminate } from "../test/helpers/mosquitto.js";
import { type Cores, cpuMeter, pin } from "./lib/load.js";
import { gatewayNodeFlags, repoRoot } from "./lib/paths.js";
import { type BenchResult, metric } from "./lib/result.js";
import { percentile, round } from "./lib/stats.js";

export interface MqttBenchSizes {
  trackers: number;
  /** Cycles per tracker in the burst. */
  cycles: number;
  /** Seconds of paced load (one event a second per tracker). */
  pacedSeconds: number;
}

const EVENTS_PER_CYCLE = 4;
const CYCLE = ["started", "located", "seen", "docked"] as const;
/** Wall-clock milliseconds that mean the same in every process on this machine. */
const now = () => performance.timeOrigin + performance.now();

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A bare subscriber in a process of its own: prints the clock at its first and last message. */
const BARE = `
const mqtt = require("mqtt");
const [url, total] = [process.argv[1], Number(process.argv[2])];
const now = () => performance.timeOrigin + performance.now();
let n = 0, first = 0;
const c = mqtt.connect(url, { clientId: "bench-bare", clean: true });
c.on("message", () => {
  if (n++ === 0) first = now();
  if (n === total) process.stdout.write(JSON.stringify({ first, last: now() }) + "\\n");
});
c.on("connect", () => c.subscribe("bench/tracker/+/event", { qos: 1 }, () => process.stdout.write("ready\\n")));
`;

interface Child {
  proc: ChildProcess;
  lines: string[];
}

function spawnOn(core: number | undefined, args: string[]): Child {
  const [cmd, argv] =
    core === undefined ? [process.execPath, args] : ["taskset", ["-c", String(core), process.execPath, ...args]];
  const proc = spawn(cmd, argv, { cwd: repoRoot(), stdio: ["ignore", "pipe", "inherit"] });
  const lines: string[] = [];
  let buf = "";
  proc.stdout?.on("data", (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split("\n");
    buf = parts.pop() ?? "";
    lines.push(...parts);
  });
  return { proc, lines };
}

async function api<T>(base: string, p: string, token?: string): Promise<T | undefined> {
  try {
    const res = await fetch(`${base}${p}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Publishes one tracker's next event; the publish time of one that changes an order goes to
 * `sent` (and is counted in `timed`).
 */
function publisher(c: MqttClient, n: string, i: number, sent: Map<string, number[]>, timed: { n: number }) {
  const times: number[] = [];
  sent.set(n, times);
  let k = 0;
  return async () => {
    const event = CYCLE[k++ % CYCLE.length] as (typeof CYCLE)[number];
    const body = event === "located" ? { event, table: String(1 + (i % 50)) } : { event };
    if (event !== "seen") {
      times.push(now());
      timed.n++;
    }
    await c.publishAsync(`bench/tracker/${n}/event`, JSON.stringify(body), { qos: 1 });
  };
}

export async function benchMqttRadio(
  sizes: MqttBenchSizes,
  log: (l: string) => void = () => {},
  /** Cores to pin to (`npm run bench:mqtt`: benchCores()); the smoke test pins nothing. */
  cores: Cores = {},
): Promise<BenchResult> {
  pin(process.pid, cores.client);
  const burstTotal = sizes.trackers * sizes.cycles * EVENTS_PER_CYCLE;
  const broker = await startMosquitto();
  pin(broker.pid() ?? 0, cores.client);
  const dataDir = mkdtempSync(path.join(tmpdir(), "opentt-bench-mqtt-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const gateway = spawnOn(cores.server, [
    ...gatewayNodeFlags(),
    ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    path.join(repoRoot(), "bin", "opentt.js"),
    "gateway",
    ...["--host", "127.0.0.1", "--port", String(port), "--no-mdns", "--data", dataDir, "--log-level", "warn"],
    ...["--radio", broker.url("bench")],
  ]);
  let bare: Child | undefined;
  const clients: MqttClient[] = [];
  let ws: WebSocket | undefined;
  try {
    await until(() => api(base, "/api/v2"), "the gateway to serve", 30_000);
    // A token for the WebSocket, through the button (SIGUSR1 presses it), as a kitchen screen gets one.
    gateway.proc.kill("SIGUSR1");
    const token = await until(
      async () =>
        (await api<{ token: { token: string } }>(base, "/api/v2/accesstoken/generate?name=bench"))?.token.token,
      "a token",
      10_000,
    );
    type Counts = { events: number; stale: number; rejected: number };
    const radio = async () => (await api<{ radio: Counts }>(base, "/api/v2/radio", token))?.radio;

    // Publish times of the events that change an order, per tracker, in order: the frames for one
    // tracker arrive in the same order.
    const sent = new Map<string, number[]>();
    let latencies: number[] = [];
    ws = new WebSocket(`ws://127.0.0.1:${port}/api/v2/websocket`, { headers: { authorization: `Bearer ${token}` } });
    ws.on("message", (data) => {
      const f = JSON.parse(String(data)) as { type: string; name?: string };
      if (f.type === "ACTIVE_ORDERS" || !f.name) return;
      const t0 = sent.get(f.name)?.shift();
      if (t0 !== undefined) latencies.push(now() - t0);
    });
    await new Promise<void>((resolve, reject) => ws?.once("open", () => resolve()).once("error", reject));

    bare = spawnOn(cores.server, ["-e", BARE, broker.url(), String(burstTotal)]);
    const bareChild = bare;
    await until(() => (bareChild.lines.includes("ready") ? true : undefined), "the bare subscriber", 10_000);
    for (let i = 1; i <= sizes.trackers; i++) {
      clients.push(await mqtt.connectAsync(broker.url(), { clientId: `bench-tracker-${i}`, clean: true }));
    }
    const timed = { n: 0 };
    const next = clients.map((c, i) => publisher(c, String(i + 1), i, sent, timed));

    // 1. Burst.
    log(`  ${sizes.trackers} trackers connected; burst of ${burstTotal} events`);
    const gwCpu = cpuMeter(gateway.proc.pid ?? 0);
    const bareCpu = cpuMeter(bare.proc.pid ?? 0);
    const t0 = now();
    await Promise.all(
      next.map(async (send) => {
        for (let k = 0; k < sizes.cycles * EVENTS_PER_CYCLE; k++) await send();
      }),
    );
    const gwDone = await until(
      async () => {
        const r = await radio();
        return r && r.events + r.stale >= burstTotal ? now() : undefined;
      },
      "the gateway to apply every event",
      120_000,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message} (${burstTotal} published; radio: ${JSON.stringify(await radio())})`);
    });
    const gwBusy = gwCpu().cpu / ((gwDone - t0) / 1000);
    const bareTimes = await until(
      () => {
        const l = bareChild.lines.find((x) => x.startsWith("{"));
        return l ? (JSON.parse(l) as { first: number; last: number }) : undefined;
      },
      "the bare subscriber",
      600_000,
    );
    const bareBusy = bareCpu().cpu / ((bareTimes.last - t0) / 1000);
    // started, located and docked each change an order: three notifications a cycle.
    const burstFrames = sizes.trackers * sizes.cycles * 3;
    await until(() => (latencies.length >= burstFrames ? true : undefined), "every WebSocket notification", 60_000);
    const burstP99 = percentile(latencies, 99);
    const gwRate = burstTotal / ((gwDone - t0) / 1000);
    const bareRate = burstTotal / ((bareTimes.last - t0) / 1000);
    await terminate(bare.proc);
    bare = undefined;

    // 2. Paced: one event a second per tracker, the trackers' starts spread over the second.
    const pacedTotal = sizes.trackers * sizes.pacedSeconds;
    log(`  paced: ${sizes.trackers} events/s for ${sizes.pacedSeconds} s`);
    latencies = [];
    timed.n = 0;
    const before = (await radio())?.events ?? 0;
    const p0 = now();
    await Promise.all(
      next.map(async (send, i) => {
        for (let k = 0; k < sizes.pacedSeconds; k++) {
          const due = p0 + (k + i / sizes.trackers) * 1000;
          await new Promise((r) => setTimeout(r, Math.max(0, due - now())));
          await send();
        }
      }),
    );
    await until(
      async () => (((await radio())?.events ?? 0) - before >= pacedTotal ? true : undefined),
      "the paced events",
      60_000,
    );
    await until(
      () => ([...sent.values()].every((q) => q.length === 0) ? true : undefined),
      "paced notifications",
      30_000,
    );
    const pacedP99 = percentile(latencies, 99);
    const pacedP50 = percentile(latencies, 50);
    const final = await radio();
    return {
      id: "mqtt",
      title: `MQTT radio, ${sizes.trackers} trackers`,
      baseline: "a bare mqtt subscriber process on the same broker and core, same messages, same run",
      metrics: [
        metric({
          name: "burst: events applied",
          unit: "events/s",
          value: round(gwRate, 0),
          baseline: round(bareRate, 0),
          ratio: round(gwRate / bareRate, 2),
          target: "ratio ≥ 0.5",
          pass: gwRate / bareRate >= 0.5,
        }),
        metric({
          name: `paced (${sizes.trackers} events/s): event → WebSocket p99`,
          unit: "ms",
          value: round(pacedP99, 1),
          target: "≤ 50 ms",
          pass: pacedP99 <= 50,
        }),
        metric({ name: `paced: event → WebSocket p50`, unit: "ms", value: round(pacedP50, 1) }),
        metric({ name: "burst: event → WebSocket p99 (queueing)", unit: "ms", value: round(burstP99, 0) }),
      ],
      notes: [
        `burst: ${burstTotal} events (${sizes.cycles} cycles of started, located, seen, docked per tracker), ${burstFrames} WebSocket notifications timed; server core busy: gateway ${Math.round(gwBusy * 100)} %, bare subscriber ${Math.round(bareBusy * 100)} % (both on core ${cores.server ?? "any"})`,
        `paced: ${pacedTotal} events over ${sizes.pacedSeconds} s, ${latencies.length} WebSocket notifications timed`,
        `stale ${final?.stale}, rejected ${final?.rejected}; gateway = \`opentt gateway --radio mqtt://…\` on core ${cores.server ?? "any"}; trackers, broker and WebSocket client on core ${cores.client ?? "any"}`,
      ],
    };
  } finally {
    ws?.close();
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
    await terminate(bare?.proc);
    await terminate(gateway.proc);
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
