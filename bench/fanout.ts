// Benchmark 3 — fan-out: 5,000 authenticated WebSocket clients; latency from sending a REST
// change to the moment the last client has its event, p50/p99. Baseline: a bare ws server
// that, on one HTTP POST, broadcasts the same bytes (a frame captured from opentt) to the same
// number of clients. Both servers run in their own process with their crowds connected at
// once; the rounds alternate between them.
import type { BenchContext } from "./lib/context.js";
import { startServer } from "./lib/host.js";
import { request } from "./lib/http-client.js";
import { checkDescriptors } from "./lib/load.js";
import { type BenchResult, metric } from "./lib/result.js";
import { median, percentile } from "./lib/stats.js";
import { Crowd } from "./lib/ws-clients.js";

const PATH = "/api/v2/activeorders";

/** Sends one change and times it until all `clients` have received its frame. */
async function timeChange(crowd: Crowd, clients: number, send: () => Promise<number>): Promise<number> {
  const arrived = crowd.expect(clients);
  const t0 = performance.now();
  const status = await send();
  if (status < 200 || status > 299) throw new Error(`fan-out change answered ${status}`);
  return (await arrived) - t0;
}

export async function benchFanout(ctx: BenchContext): Promise<BenchResult> {
  const { sizes } = ctx;
  const n = sizes.fanoutClients;
  checkDescriptors(2 * n + 200, "fan-out");
  const gw = await startServer("gateway", { dataDir: ctx.scratch("fanout") }, ctx.mode, ctx.cores.server);
  const token = String(gw.info.token);
  const auth = { authorization: `Bearer ${token}` };
  let bare: Awaited<ReturnType<typeof startServer>> | undefined;
  let ours: Crowd | undefined;
  let theirs: Crowd | undefined;
  try {
    ours = await Crowd.connect(`ws://127.0.0.1:${gw.port}/api/v2/websocket`, n, auth, 1);
    let serial = 0;
    // One change alternates create and clear, so the active list stays short.
    const change = async () => {
      const name = String((serial >> 1) + 1);
      const r =
        serial++ % 2 === 0
          ? await request(gw.port, "POST", PATH, { token, body: { name, orderType: "TO_GO", locationName: "7" } })
          : await request(gw.port, "DELETE", `${PATH}/${name}`, { token });
      return r.status;
    };
    for (let i = 0; i < 10; i++) await timeChange(ours, n, change);
    const frame = ours.lastFrame;
    if (!frame.includes('"seq"')) throw new Error(`no event frame captured: ${frame.slice(0, 80)}`);

    bare = await startServer("bare-ws", { frame }, ctx.mode, ctx.cores.server);
    const barePort = bare.port;
    theirs = await Crowd.connect(`ws://127.0.0.1:${barePort}/`, n, auth, 0);
    const broadcast = async () => (await request(barePort, "POST", "/broadcast", { body: {} })).status;
    for (let i = 0; i < 10; i++) await timeChange(theirs, n, broadcast);

    const rounds: Array<{ p50: number; p99: number; b50: number; b99: number }> = [];
    for (let run = 0; run < sizes.runs; run++) {
      const a: number[] = [];
      const b: number[] = [];
      const gwFirst = run % 2 === 0;
      for (const side of gwFirst ? [0, 1] : [1, 0]) {
        for (let i = 0; i < sizes.fanoutChanges; i++) {
          if (side === 0) a.push(await timeChange(ours, n, change));
          else b.push(await timeChange(theirs, n, broadcast));
        }
      }
      const r = { p50: percentile(a, 50), p99: percentile(a, 99), b50: percentile(b, 50), b99: percentile(b, 99) };
      rounds.push(r);
      ctx.log(
        `  round ${run + 1}: opentt p50 ${r.p50.toFixed(2)} p99 ${r.p99.toFixed(2)} ms; bare p50 ${r.b50.toFixed(2)} p99 ${r.b99.toFixed(2)} ms`,
      );
    }
    const p99Ratio = median(rounds.map((r) => r.p99 / r.b99));
    return {
      id: "3",
      title: "Fan-out",
      baseline: `bare ws server broadcasting the same ${Buffer.byteLength(frame)}-byte frame on one HTTP POST`,
      metrics: [
        metric({
          name: `REST change → last of ${n} clients, p50`,
          unit: "ms",
          value: median(rounds.map((r) => r.p50)),
          baseline: median(rounds.map((r) => r.b50)),
          ratio: median(rounds.map((r) => r.p50 / r.b50)),
        }),
        metric({
          name: `REST change → last of ${n} clients, p99`,
          unit: "ms",
          value: median(rounds.map((r) => r.p99)),
          baseline: median(rounds.map((r) => r.b99)),
          ratio: p99Ratio,
          target: "ratio ≤ 2",
          pass: p99Ratio <= 2,
        }),
      ],
      notes: [
        `${sizes.runs} rounds × ${sizes.fanoutChanges} changes each side (alternating create and clear for opentt); percentiles per round, then medians over rounds.`,
        "All clients live in the benchmark process: their receive cost is in both figures alike, which pulls the ratio towards 1.",
      ],
    };
  } finally {
    await ours?.close();
    await theirs?.close();
    await bare?.stop();
    await gw.stop();
  }
}
