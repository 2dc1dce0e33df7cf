// Benchmark 2 — writes: create → locate → clear cycles per second through the API, driven by wrk
// (32 keep-alive connections, one wrk thread each, pinned to the other core than the server),
// with the durability the store promises (WAL, synchronous NORMAL by default; FULL reported
// beside it). Baseline: raw better-sqlite3 inserts into the same schema with the same pragmas,
// one autocommit per row, in a process of its own like the gateway: the budget of one commit
// per change, which only group commit can beat.
import type { BenchContext } from "./lib/context.js";
import { type ServerHandle, startServer } from "./lib/host.js";
import { request } from "./lib/http-client.js";
import { runWrk, saturation, type WrkRun } from "./lib/load.js";
import { type BenchResult, type Metric, metric } from "./lib/result.js";
import { median } from "./lib/stats.js";

const PATH = "/api/v2/activeorders";
const COMMITS_PER_CYCLE = 3;

interface Round {
  cycles: WrkRun;
  raw: number;
  /** The same cycles against a bare fastify server that stores nothing (reference). */
  floor?: WrkRun;
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

/** One wrk run of the write cycle: one thread per connection (bench/wrk/write-cycle.lua). */
async function cycles(ctx: BenchContext, side: ServerHandle, token: string, seconds: number): Promise<WrkRun> {
  const n = ctx.sizes.writeConnections;
  const r = await runWrk({
    port: side.port,
    path: PATH,
    seconds,
    connections: n,
    threads: n,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    script: "write-cycle.lua",
    serverPid: side.pid,
    cores: ctx.cores,
  });
  return { ...r, rate: r.rate / COMMITS_PER_CYCLE };
}

async function measure(
  ctx: BenchContext,
  durability: "normal" | "full",
  runs: number,
  withFloor: boolean,
): Promise<Round[]> {
  const { sizes } = ctx;
  const gw = await startServer(
    "gateway",
    { dataDir: ctx.scratch(`writes-${durability}`), durability },
    ctx.mode,
    ctx.cores.server,
  );
  const raw = await startServer(
    "raw-sqlite",
    { dataDir: ctx.scratch(`raw-${durability}`), durability },
    ctx.mode,
    ctx.cores.server,
  );
  let floor: ServerHandle | undefined;
  try {
    const token = String(gw.info.token);
    if (withFloor) {
      const replies = await captureReplies(gw.port, token);
      floor = await startServer("bare-fastify-writes", { path: PATH, replies }, ctx.mode, ctx.cores.server);
      await cycles(ctx, floor, token, 1);
    }
    const rawRate = async () => {
      const r = await raw.call<{ inserts: number; seconds: number }>("insert", { seconds: sizes.seconds });
      return r.inserts / r.seconds;
    };
    await cycles(ctx, gw, token, 1);
    await raw.call("insert", { seconds: 1 });
    const rounds: Round[] = [];
    for (let run = 0; run < runs; run++) {
      const first = run % 2 === 0;
      const a = first ? await cycles(ctx, gw, token, sizes.seconds) : undefined;
      const b = await rawRate();
      const c = a ?? (await cycles(ctx, gw, token, sizes.seconds));
      const f = floor ? await cycles(ctx, floor, token, sizes.seconds) : undefined;
      rounds.push({ cycles: c, raw: b, ...(f === undefined ? {} : { floor: f }) });
      ctx.log(
        `  ${durability} round ${run + 1}: opentt ${Math.round(c.rate)} cycles/s (core ${Math.round(c.busy * 100)} %, ${c.cpuPerRequestUs.toFixed(1)} µs/req), raw ${Math.round(b)} inserts/s` +
          (f === undefined
            ? ""
            : `, bare fastify ${Math.round(f.rate)} cycles/s (core ${Math.round(f.busy * 100)} %, ${f.cpuPerRequestUs.toFixed(1)} µs/req)`),
      );
    }
    return rounds;
  } finally {
    await floor?.stop();
    await raw.stop();
    await gw.stop();
  }
}

function summarise(rounds: Round[], durability: string, target: boolean, clients: number): Metric[] {
  const value = median(rounds.map((r) => r.cycles.rate));
  const sat = saturation([["opentt", median(rounds.map((r) => r.cycles.busy))]]);
  const name = `create→locate→clear, ${clients} clients, synchronous=${durability.toUpperCase()}`;
  return [
    metric({
      name: `${name}${sat.note}`,
      unit: "cycles/s",
      value,
      baseline: median(rounds.map((r) => r.raw / COMMITS_PER_CYCLE)),
      ratio: median(rounds.map((r) => (r.cycles.rate * COMMITS_PER_CYCLE) / r.raw)),
      ...(target ? { target: "≥ 2,000 cycles/s, core ≥ 90 % busy", pass: sat.counts && value >= 2000 } : {}),
    }),
    metric({
      name: `${name}: server core busy over the run`,
      unit: "%",
      value: median(rounds.map((r) => r.cycles.busy * 100)),
    }),
    metric({
      name: `${name}: server CPU per request`,
      unit: "µs",
      value: median(rounds.map((r) => r.cycles.cpuPerRequestUs)),
    }),
  ];
}

export async function benchWrites(ctx: BenchContext): Promise<BenchResult> {
  const normal = await measure(ctx, "normal", ctx.sizes.runs, true);
  const full = await measure(ctx, "full", Math.max(1, Math.ceil(ctx.sizes.runs / 2)), false);
  const floorRounds = normal.filter((r): r is Round & { floor: WrkRun } => r.floor !== undefined);
  const sat = saturation([
    ["opentt", median(normal.map((r) => r.cycles.busy))],
    ["bare fastify", median(floorRounds.map((r) => r.floor.busy))],
  ]);
  const floor = metric({
    name: `create→locate→clear vs bare fastify storing nothing (same requests and reply bytes)${sat.note}`,
    unit: "cycles/s",
    value: median(normal.map((r) => r.cycles.rate)),
    baseline: median(floorRounds.map((r) => r.floor.rate)),
    ratio: median(floorRounds.map((r) => r.cycles.rate / r.floor.rate)),
  });
  const floorCpu = metric({
    name: "server CPU per request, vs bare fastify storing nothing",
    unit: "µs",
    value: median(normal.map((r) => r.cycles.cpuPerRequestUs)),
    baseline: median(floorRounds.map((r) => r.floor.cpuPerRequestUs)),
    ratio: median(floorRounds.map((r) => r.cycles.cpuPerRequestUs / r.floor.cpuPerRequestUs)),
  });
  return {
    id: "2",
    title: "Writes",
    baseline:
      "raw better-sqlite3 autocommit inserts ÷ 3 (a cycle is 3 commits without group commit), same schema and pragmas",
    metrics: [
      ...summarise(normal, "normal", true, ctx.sizes.writeConnections),
      floor,
      floorCpu,
      ...summarise(full, "full", false, ctx.sizes.writeConnections),
    ],
    notes: [
      `A cycle is POST (create, 201) → POST with locationName (modify, 200) → DELETE (clear, 200): three HTTP requests, sent one after another by each of ${ctx.sizes.writeConnections} keep-alive connections (wrk, one thread per connection: bench/wrk/write-cycle.lua).`,
      "Changes that arrive in the same turn of the event loop share one transaction (group commit, src/domain/orders.ts); each reply waits for the commit that holds its change.",
      "The bare fastify rows are a reference without target: the HTTP ceiling of a cycle on this machine, parsing the same bodies and sending opentt's reply bytes with no auth, no domain and no storage.",
      "Baseline column of the first row: raw inserts/s ÷ 3, what one commit per change would allow; ratio = API changes/s ÷ raw commits/s (above 1 only through group commit).",
      "The default durability is NORMAL (an acknowledged change survives a crash or kill of the process; sqlite-store.ts); FULL adds an fsync per commit and is reported without a target.",
    ],
  };
}
