// Benchmark 1 — REST read: GET /api/v2/activeorders with 50 active orders, authenticated,
// under autocannon, against a bare node:http server answering the same status, headers and
// body (and, for reference, a bare fastify route serialising the same object). Every server
// runs in its own process; autocannon runs here; rounds rotate which side goes first, and the
// figures are medians over rounds.
import autocannon from "autocannon";
import type { BenchContext } from "./lib/context.js";
import { type ServerHandle, startServer } from "./lib/host.js";
import { json, request } from "./lib/http-client.js";
import { type BenchResult, metric } from "./lib/result.js";
import { median } from "./lib/stats.js";

const PATH = "/api/v2/activeorders";
/** Headers that belong to the connection, not the answer: node:http writes its own. */
const HOP_HEADERS = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);

export async function benchRestRead(ctx: BenchContext): Promise<BenchResult> {
  const { sizes } = ctx;
  const gw = await startServer("gateway", { dataDir: ctx.scratch("rest") }, ctx.mode);
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
    bare = await startServer("bare-http", { body: sample.text, headers, status: 200 }, ctx.mode);
    floor = await startServer("bare-fastify", { body: sample.text, path: PATH }, ctx.mode);

    const load = async (port: number, seconds: number) => {
      const r = await autocannon({
        url: `http://127.0.0.1:${port}${PATH}`,
        connections: sizes.connections,
        duration: seconds,
        headers: { authorization: `Bearer ${token}` },
      });
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`REST read: ${r.non2xx} non-2xx, ${r.errors} errors`);
      return r["2xx"] / r.duration;
    };
    const sides = [gw.port, bare.port, floor.port];
    // Warm every side (JIT, connection setup) before anything is recorded.
    for (const port of sides) await load(port, 1);
    const rounds: Array<[number, number, number]> = [];
    for (let run = 0; run < sizes.runs; run++) {
      // Rotate who goes first, so a drift in the machine's load does not favour one side.
      const rps = [0, 0, 0];
      for (let k = 0; k < sides.length; k++) {
        const i = (run + k) % sides.length;
        rps[i] = await load(sides[i] as number, sizes.seconds);
      }
      const [g, b, f] = rps as [number, number, number];
      rounds.push([g, b, f]);
      ctx.log(
        `  round ${run + 1}: opentt ${Math.round(g)} req/s, bare node:http ${Math.round(b)}, bare fastify ${Math.round(f)}`,
      );
    }
    const ratio = median(rounds.map(([g, b]) => g / b));
    const label = `GET /activeorders (${sizes.activeOrders} orders, ${sizes.connections} conns)`;
    return {
      id: "1",
      title: "REST read",
      baseline: "bare node:http server answering the same status, headers and body",
      metrics: [
        metric({
          name: `${label} vs bare node:http`,
          unit: "req/s",
          value: median(rounds.map(([g]) => g)),
          baseline: median(rounds.map(([, b]) => b)),
          ratio,
          target: "ratio ≥ 0.7",
          pass: ratio >= 0.7,
        }),
        metric({
          name: `${label} vs bare fastify route (same object, serialised per request)`,
          unit: "req/s",
          value: median(rounds.map(([g]) => g)),
          baseline: median(rounds.map(([, , f]) => f)),
          ratio: median(rounds.map(([g, , f]) => g / f)),
        }),
      ],
      notes: [
        `${sizes.runs} rounds of ${sizes.seconds} s per side, rotating which side goes first; ratios are medians of per-round ratios.`,
        `Response body ${Buffer.byteLength(sample.text)} bytes. The fastify row is a reference for the framework's own cost, without a target.`,
      ],
    };
  } finally {
    await floor?.stop();
    await bare?.stop();
    await gw.stop();
  }
}
