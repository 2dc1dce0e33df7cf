// Benchmark 2 — writes: create → locate → clear cycles per second through the API, each change
// committed in its own SQLite transaction with the durability the store promises (WAL,
// synchronous NORMAL by default; FULL reported beside it). Baseline: raw better-sqlite3
// inserts into the same schema with the same pragmas, one autocommit per row, in a process of
// its own like the gateway.
import autocannon from "autocannon";
import type { BenchContext } from "./lib/context.js";
import { type ServerHandle, startServer } from "./lib/host.js";
import { request } from "./lib/http-client.js";
import { type BenchResult, type Metric, metric } from "./lib/result.js";
import { median } from "./lib/stats.js";

const PATH = "/api/v2/activeorders";
const COMMITS_PER_CYCLE = 3;

interface Round {
  cycles: number;
  raw: number;
  /** The same cycles against a bare fastify server that stores nothing (reference). */
  floor?: number;
}

/** One real cycle, for the reply bytes the HTTP floor answers with. */
async function captureReplies(port: number, token: string): Promise<string[]> {
  const name = "999999999";
  const steps = [
    await request(port, "POST", PATH, { token, body: { name, orderType: "TO_GO" } }),
    await request(port, "POST", PATH, { token, body: { name, locationName: "12" } }),
    await request(port, "DELETE", `${PATH}/${name}`, { token }),
  ];
  if (steps.some((r) => r.status >= 300)) throw new Error(`writes: capture failed: ${steps.map((r) => r.status)}`);
  return steps.map((r) => r.text);
}

async function cyclesPerSecond(port: number, token: string, seconds: number, connections: number): Promise<number> {
  let next = 0;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    headers,
    requests: [
      {
        method: "POST",
        path: PATH,
        setupRequest: (req, context) => {
          // Names are 1-9 digits and unique among active orders: a counter shared by connections.
          next = (next % 999_999_999) + 1;
          context.name = String(next);
          return { ...req, body: JSON.stringify({ name: context.name, orderType: "TO_GO" }) };
        },
      },
      {
        method: "POST",
        path: PATH,
        setupRequest: (req, context) => ({
          ...req,
          body: JSON.stringify({ name: context.name, locationName: "12" }),
        }),
      },
      {
        method: "DELETE",
        setupRequest: (req, context) => ({ ...req, path: `${PATH}/${String(context.name)}` }),
      },
    ],
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`writes: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return Math.floor(r["2xx"] / COMMITS_PER_CYCLE) / r.duration;
}

async function measure(
  ctx: BenchContext,
  durability: "normal" | "full",
  runs: number,
  withFloor: boolean,
): Promise<Round[]> {
  const { sizes } = ctx;
  const gw = await startServer("gateway", { dataDir: ctx.scratch(`writes-${durability}`), durability }, ctx.mode);
  const raw = await startServer("raw-sqlite", { dataDir: ctx.scratch(`raw-${durability}`), durability }, ctx.mode);
  let floor: ServerHandle | undefined;
  try {
    const token = String(gw.info.token);
    if (withFloor) {
      const replies = await captureReplies(gw.port, token);
      floor = await startServer("bare-fastify-writes", { path: PATH, replies }, ctx.mode);
      await cyclesPerSecond(floor.port, token, 1, sizes.connections);
    }
    const rawRate = async () => {
      const r = await raw.call<{ inserts: number; seconds: number }>("insert", { seconds: sizes.seconds });
      return r.inserts / r.seconds;
    };
    await cyclesPerSecond(gw.port, token, 1, sizes.connections);
    await raw.call("insert", { seconds: 1 });
    const rounds: Round[] = [];
    for (let run = 0; run < runs; run++) {
      const first = run % 2 === 0;
      const a = first ? await cyclesPerSecond(gw.port, token, sizes.seconds, sizes.connections) : undefined;
      const b = await rawRate();
      const cycles = a ?? (await cyclesPerSecond(gw.port, token, sizes.seconds, sizes.connections));
      const f = floor ? await cyclesPerSecond(floor.port, token, sizes.seconds, sizes.connections) : undefined;
      rounds.push({ cycles, raw: b, ...(f === undefined ? {} : { floor: f }) });
      ctx.log(
        `  ${durability} round ${run + 1}: opentt ${Math.round(cycles)} cycles/s, raw ${Math.round(b)} inserts/s` +
          (f === undefined ? "" : `, bare fastify ${Math.round(f)} cycles/s`),
      );
    }
    return rounds;
  } finally {
    await floor?.stop();
    await raw.stop();
    await gw.stop();
  }
}

function summarise(rounds: Round[], durability: string, target: boolean): Metric {
  const cycles = median(rounds.map((r) => r.cycles));
  const budget = median(rounds.map((r) => r.raw / COMMITS_PER_CYCLE));
  return metric({
    name: `create→locate→clear, synchronous=${durability.toUpperCase()}`,
    unit: "cycles/s",
    value: cycles,
    baseline: budget,
    ratio: median(rounds.map((r) => (r.cycles * COMMITS_PER_CYCLE) / r.raw)),
    ...(target ? { target: "≥ 2,000 cycles/s", pass: cycles >= 2000 } : {}),
  });
}

export async function benchWrites(ctx: BenchContext): Promise<BenchResult> {
  const normal = await measure(ctx, "normal", ctx.sizes.runs, true);
  const full = await measure(ctx, "full", Math.max(1, Math.ceil(ctx.sizes.runs / 2)), false);
  const floorRounds = normal.filter((r): r is Round & { floor: number } => r.floor !== undefined);
  const floor = metric({
    name: "create→locate→clear, synchronous=NORMAL, vs bare fastify storing nothing (same requests and reply bytes)",
    unit: "cycles/s",
    value: median(normal.map((r) => r.cycles)),
    baseline: median(floorRounds.map((r) => r.floor)),
    ratio: median(floorRounds.map((r) => r.cycles / r.floor)),
  });
  return {
    id: "2",
    title: "Writes",
    baseline: "raw better-sqlite3 autocommit inserts ÷ 3 (a cycle is 3 commits), same schema and pragmas",
    metrics: [summarise(normal, "normal", true), floor, summarise(full, "full", false)],
    notes: [
      "A cycle is POST (create, 201) → POST with locationName (modify, 200) → DELETE (clear, 200): three HTTP requests and three transactions.",
      "The bare fastify row is a reference without target: the HTTP ceiling of a cycle on this machine, parsing the same bodies and sending opentt's reply bytes with no auth, no domain and no storage.",
      "Baseline column: raw inserts/s ÷ 3, the commit budget for one cycle; ratio = API commits/s ÷ raw commits/s.",
      "The default durability is NORMAL (an acknowledged change survives a crash or kill of the process; sqlite-store.ts); FULL adds an fsync per commit and is reported without a target.",
    ],
  };
}
