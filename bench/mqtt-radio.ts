// Issue 16 point 7 — the MQTT radio at scale: N trackers on a real mosquitto, each sending
// started → located → seen → docked cycles. Figures: events per second the gateway applies, as
// a ratio to a bare `mqtt` subscriber on the same broker receiving the same messages in the same
// run (target ≥ 0.5); and the latency from publishing an event to its WebSocket notification,
// p99 (target ≤ 50 ms). `npm run bench:mqtt` runs the full size (500 trackers); the test suite
// runs it tiny (test/radio/mqtt-bench-smoke.test.ts), so it cannot rot.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import pino from "pino";
import WebSocket from "ws";
import { resolveConfig } from "../src/config.js";
import { Gateway } from "../src/gateway.js";
import { startMosquitto } from "../test/helpers/mosquitto.js";
import { type BenchResult, metric } from "./lib/result.js";
import { percentile } from "./lib/stats.js";

export interface MqttBenchSizes {
  trackers: number;
  cycles: number;
}

const EVENTS_PER_CYCLE = 4;

async function until(probe: () => boolean, what: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now();
}

export async function benchMqttRadio(sizes: MqttBenchSizes, log: (l: string) => void = () => {}): Promise<BenchResult> {
  const total = sizes.trackers * sizes.cycles * EVENTS_PER_CYCLE;
  const broker = await startMosquitto();
  const dataDir = mkdtempSync(path.join(tmpdir(), "opentt-bench-mqtt-"));
  const gateway = new Gateway(
    resolveConfig({ host: "127.0.0.1", port: 0, mdns: false, dataDir, radio: broker.url("bench"), logLevel: "silent" }),
    { logger: pino({ level: "silent" }) },
  );
  const clients: MqttClient[] = [];
  let ws: WebSocket | undefined;
  try {
    await gateway.start();
    // A token for the WebSocket, through the button, as a kitchen screen gets one.
    gateway.ctx.pressButton("bench");
    const tokenReply = await fetch(`http://127.0.0.1:${gateway.port}/api/v2/accesstoken/generate?name=bench`);
    const token = ((await tokenReply.json()) as { token: { token: string } }).token.token;

    // Publish times of the events that change an order, per tracker, in order: the frames for
    // one tracker arrive in the same order.
    const sent = new Map<string, number[]>();
    const latencies: number[] = [];
    ws = new WebSocket(`ws://127.0.0.1:${gateway.port}/api/v2/websocket`, {
      headers: { authorization: `Bearer ${token}` },
    });
    ws.on("message", (data) => {
      const f = JSON.parse(String(data)) as { type: string; name?: string };
      if (f.type === "ACTIVE_ORDERS" || !f.name) return;
      const t0 = sent.get(f.name)?.shift();
      if (t0 !== undefined) latencies.push(performance.now() - t0);
    });
    await new Promise<void>((resolve, reject) => ws?.once("open", () => resolve()).once("error", reject));

    let bareCount = 0;
    let bareFirst = 0;
    let bareLast = 0;
    const bare = await mqtt.connectAsync(broker.url(), { clientId: "bench-bare", clean: true });
    clients.push(bare);
    bare.on("message", () => {
      const now = performance.now();
      if (bareCount++ === 0) bareFirst = now;
      bareLast = now;
    });
    await bare.subscribeAsync("bench/tracker/+/event", { qos: 1 });

    for (let i = 1; i <= sizes.trackers; i++) {
      clients.push(await mqtt.connectAsync(broker.url(), { clientId: `bench-tracker-${i}`, clean: true }));
    }
    log(`  ${sizes.trackers} trackers connected; publishing ${total} events`);
    const cycle = ["started", "located", "seen", "docked"] as const;
    const t0 = performance.now();
    await Promise.all(
      clients.slice(1).map(async (c, i) => {
        const n = String(i + 1);
        const times: number[] = [];
        sent.set(n, times);
        for (let k = 0; k < sizes.cycles; k++) {
          for (const event of cycle) {
            const body = event === "located" ? { event, table: String(1 + (i % 50)) } : { event };
            if (event !== "seen") times.push(performance.now());
            await c.publishAsync(`bench/tracker/${n}/event`, JSON.stringify(body), { qos: 1 });
          }
        }
      }),
    );
    const link = () => gateway.radioStatus();
    const gwDone = await until(
      () => link().events + link().stale >= total,
      "the gateway to apply every event",
      120_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message} (${total} published; radio: ${JSON.stringify(link())})`);
    });
    await until(() => bareCount >= total, "the bare subscriber", 600_000);
    // started, located and docked each change an order: three notifications a cycle.
    const frames = sizes.trackers * sizes.cycles * 3;
    await until(() => latencies.length >= frames, "every WebSocket notification", 60_000);
    const gwRate = total / ((gwDone - t0) / 1000);
    const bareRate = total / ((bareLast - Math.min(bareFirst, t0)) / 1000);
    const p99 = percentile(latencies, 99);
    return {
      id: "mqtt",
      title: `MQTT radio, ${sizes.trackers} trackers`,
      baseline: "a bare mqtt subscriber on the same broker, same messages, same run",
      metrics: [
        metric({
          name: "events applied",
          unit: "events/s",
          value: gwRate,
          baseline: bareRate,
          ratio: gwRate / bareRate,
          target: "ratio ≥ 0.5",
          pass: gwRate / bareRate >= 0.5,
        }),
        metric({ name: "event → WebSocket p99", unit: "ms", value: p99, target: "≤ 50 ms", pass: p99 <= 50 }),
      ],
      notes: [
        `${total} events (${sizes.cycles} cycles of started, located, seen, docked per tracker), ${latencies.length} WebSocket notifications timed`,
        `stale ${link().stale}, rejected ${link().rejected}; gateway and publishers share one process`,
      ],
    };
  } finally {
    ws?.close();
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
    await gateway.stop();
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
