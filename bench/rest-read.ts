// Benchmark 1 — REST read: GET /api/v2/activeorders with 50 active orders, authenticated,
// driven by wrk (one thread, 32 keep-alive connections) pinned to one core, against a bare
// node:http server answering the same status, headers and body (and, for reference, a bare
// fastify route serialising the same object). Every server runs in its own process pinned to
// the other core; its CPU is sampled over each run (lib/load.ts), so a row whose server was
// not saturated says it does not count. Rounds rotate which side goes first; figures are
// medians over rounds.
import type { BenchContext } from "./lib/context.js";
import { type ServerHandle, startServer } from "./lib/host.js";
import { json, request } from "./lib/http-client.js";
import { runWrk, saturation, type WrkRun } from "./lib/load.js";
import { type BenchResult, metric } from "./lib/result.js";
import { median } from "./lib/stats.js";

const PATH = "/api/v2/activeorders";
/** Headers that belong to the connection, not the answer: node:http writes its own. */
const HOP_HEADERS = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);

const pct = (busy: number) => `${Math.round(busy * 100)} %`;

export async function benchRestRead(ctx: BenchContext): Promise<BenchResult> {
  const { sizes } = ctx;
  const gw = await startServer("gateway", { dataDir: ctx.scratch("rest") }, ctx.mode, ctx.cores.server);
  let bare: ServerHandle | undefined;
  let floor: ServerHandle | undefined;
  try {
    const token = String(gw.info.token);
    for (let i = 1; i <= sizes.activeOrders; i++) {
      const body = {
        name: String(i),
        orderType: i % 2 ? "TO_GO" : "ON_PREMISE",
        ...(i % 3 ? { locationName: String(i) } : {}),
      };
      await json(gw.port, "POST", PATH, { token, body });
    }
    const sample = await request(gw.port, "GET", PATH, { token });
    const list = JSON.parse(sample.text) as { count: number };
    if (sample.status !== 200 || list.count !== sizes.activeOrders)
      throw new Error(`unexpected list: ${sample.status}`);
    const headers = Object.fromEntries(
      Object.entries(sample.headers).filter(([k, v]) => !HOP_HEADERS.has(k) && typeof v === "string"),
    ) as Record<string, string>;
    bare = await startServer("bare-http", { body: sample.text, headers, status: 200 }, ctx.mode, ctx.cores.server);
    floor = await startServer("bare-fastify", { body: sample.text, path: PATH }, ctx.mode, ctx.cores.server);

    const load = (side: ServerHandle, seconds: number) =>
      runWrk({
        port: side.port,
        path: PATH,
        seconds,
        connections: sizes.connections,
        headers: { authorization: `Bearer ${token}` },
        serverPid: side.pid,
        cores: ctx.cores,
      });
    const sides = [gw, bare, floor];
    // Warm every side (JIT, connection setup) before anything is recorded.
    for (const side of sides) await load(side, 1);
    const rounds: WrkRun[][] = [];
    for (let run = 0; run < sizes.runs; run++) {
      // Rotate who goes first, so a drift in the machine's load does not favour one side.
      const r: WrkRun[] = [];
      for (let k = 0; k < sides.length; k++) {
        const i = (run + k) % sides.length;
        r[i] = await load(sides[i] as ServerHandle, sizes.seconds);
      }
      rounds.push(r);
      const [g, b, f] = r as [WrkRun, WrkRun, WrkRun];
      ctx.log(
        `  round ${run + 1}: opentt ${Math.round(g.rate)} req/s (core ${pct(g.busy)}, ${g.cpuPerRequestUs.toFixed(1)} µs/req), ` +
          `bare node:http ${Math.round(b.rate)} (${pct(b.busy)}, ${b.cpuPerRequestUs.toFixed(1)} µs), ` +
          `bare fastify ${Math.round(f.rate)} (${pct(f.busy)}, ${f.cpuPerRequestUs.toFixed(1)} µs)`,
      );
    }
    const side = (i: number, pick: (w: WrkRun) => number) => median(rounds.map((r) => pick(r[i] as WrkRun)));
    const ratio = median(rounds.map((r) => (r[0] as WrkRun).rate / (r[1] as WrkRun).rate));
    const sat = saturation([
      ["opentt", side(0, (w) => w.busy)],
      ["bare node:http", side(1, (w) => w.busy)],
    ]);
    const satFloor = saturation([
      ["opentt", side(0, (w) => w.busy)],
      ["bare fastify", side(2, (w) => w.busy)],
    ]);
    const label = `GET /activeorders (${sizes.activeOrders} orders, ${sizes.connections} conns, wrk)`;
    return {
      id: "1",
      title: "REST read",
      baseline: "bare node:http server answering the same status, headers and body",
      metrics: [
        metric({
          name: `${label} vs bare node:http${sat.note}`,
          unit: "req/s",
          value: side(0, (w) => w.rate),
          baseline: side(1, (w) => w.rate),
          ratio,
          target: "ratio ≥ 0.7, both cores ≥ 90 % busy",
          pass: sat.counts && ratio >= 0.7,
        }),
        metric({
          name: "server core busy over the run, vs bare node:http",
          unit: "%",
          value: side(0, (w) => w.busy * 100),
          baseline: side(1, (w) => w.busy * 100),
          ratio: side(0, (w) => w.busy) / side(1, (w) => w.busy),
        }),
        metric({
          name: "server CPU per request, vs bare node:http",
          unit: "µs",
          value: side(0, (w) => w.cpuPerRequestUs),
          baseline: side(1, (w) => w.cpuPerRequestUs),
          ratio: median(rounds.map((r) => (r[0] as WrkRun).cpuPerRequestUs / (r[1] as WrkRun).cpuPerRequestUs)),
        }),
        metric({
          name: `${label} vs bare fastify route (same object, serialised per request)${satFloor.note}`,
          unit: "req/s",
          value: side(0, (w) => w.rate),
          baseline: side(2, (w) => w.rate),
          ratio: median(rounds.map((r) => (r[0] as WrkRun).rate / (r[2] as WrkRun).rate)),
        }),
      ],
      notes: [
        `${sizes.runs} rounds of ${sizes.seconds} s per side with wrk (1 thread, ${sizes.connections} connections), rotating which side goes first; ratios are medians of per-round ratios.`,
        "Servers pinned to one core, wrk to the other (taskset); busy = the server's utime + stime over the run ÷ its wall time. A row whose server was under 90 % busy was waiting for its client and does not count.",
        `Response body ${Buffer.byteLength(sample.text)} bytes. The fastify row is a reference for the framework's own cost, without a target.`,
      ],
    };
  } finally {
    await floor?.stop();
    await bare?.stop();
    await gw.stop();
  }
}
