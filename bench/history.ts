// Benchmark 4 — history at scale: filtered pages of GET /api/v2/orders (by date range, table,
// type, and type within a date range) at a large and a small history, p50/p99, and their
// ratio. Both gateways run at once, each in its own process on its own seeded database; the
// rounds alternate between them and use the same mix of filters and offsets.
import { formatLocal } from "../src/protocol/local-time.js";
import type { BenchContext } from "./lib/context.js";
import { type ServerHandle, startServer } from "./lib/host.js";
import { request } from "./lib/http-client.js";
import { type BenchResult, type Metric, metric } from "./lib/result.js";
import { SEED_DAYS, SEED_TABLES } from "./lib/seed.js";
import { median, percentile } from "./lib/stats.js";

const DAY_MS = 86_400_000;
const FILTERS = ["date range", "table", "type", "type + date range"] as const;
type Filter = (typeof FILTERS)[number];

/** A page query for the i-th sample of a filter; the same sequence on both databases. */
function query(filter: Filter, i: number, zone: string, now: number): string {
  const offset = (i % 5) * 25;
  const p = new URLSearchParams({ limit: "25", offset: String(offset) });
  const day = 1 + (i % (SEED_DAYS - 2));
  const from = now - (SEED_DAYS - day) * DAY_MS;
  if (filter === "date range" || filter === "type + date range") {
    p.set("created_after", formatLocal(from, zone));
    p.set("created_before", formatLocal(from + DAY_MS, zone));
  }
  if (filter === "table") p.set("location_name", String(1 + ((i * 37) % SEED_TABLES)));
  if (filter === "type" || filter === "type + date range") p.set("order_type", i % 2 ? "TO_GO" : "ON_PREMISE");
  return `/api/v2/orders?${p}`;
}

async function sample(gw: ServerHandle, filter: Filter, count: number, now: number): Promise<number[]> {
  const token = String(gw.info.token);
  const zone = String(gw.info.zone);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const path = query(filter, i, zone, now);
    const t0 = performance.now();
    const r = await request(gw.port, "GET", path, { token });
    out.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`${path} → ${r.status}: ${r.text.slice(0, 200)}`);
  }
  return out;
}

export async function benchHistory(ctx: BenchContext): Promise<BenchResult> {
  const { sizes } = ctx;
  const [smallDir, largeDir] = [await ctx.seeded(sizes.historySmall), await ctx.seeded(sizes.historyLarge)];
  const small = await startServer("gateway", { dataDir: smallDir }, ctx.mode, ctx.cores.server);
  const large = await startServer("gateway", { dataDir: largeDir }, ctx.mode, ctx.cores.server);
  try {
    const now = Date.now();
    for (const f of FILTERS) {
      await sample(small, f, 5, now);
      await sample(large, f, 5, now);
    }
    type Round = Record<Filter, { large: number[]; small: number[] }>;
    const rounds: Round[] = [];
    for (let run = 0; run < sizes.runs; run++) {
      const round = {} as Round;
      for (const f of FILTERS) {
        const largeFirst = run % 2 === 0;
        const a = largeFirst ? await sample(large, f, sizes.historyQueries, now) : undefined;
        const b = await sample(small, f, sizes.historyQueries, now);
        round[f] = { large: a ?? (await sample(large, f, sizes.historyQueries, now)), small: b };
      }
      rounds.push(round);
      ctx.log(
        `  round ${run + 1}: ${FILTERS.map((f) => `${f} p50 ${percentile(round[f].large, 50).toFixed(2)}/${percentile(round[f].small, 50).toFixed(2)} ms`).join("; ")}`,
      );
    }
    const metrics: Metric[] = [];
    const big = sizes.historyLarge.toLocaleString("en-US");
    for (const f of FILTERS) {
      for (const p of [50, 99]) {
        const ratio = median(rounds.map((r) => percentile(r[f].large, p) / percentile(r[f].small, p)));
        metrics.push(
          metric({
            name: `${f}, p${p} at ${big} rows`,
            unit: "ms",
            value: median(rounds.map((r) => percentile(r[f].large, p))),
            baseline: median(rounds.map((r) => percentile(r[f].small, p))),
            ratio,
            target: "ratio ≤ 2",
            pass: ratio <= 2,
          }),
        );
      }
    }
    return {
      id: "4",
      title: "History at scale",
      baseline: `the same page requests against ${sizes.historySmall.toLocaleString("en-US")} rows`,
      metrics,
      notes: [
        `Orders spread evenly over ${SEED_DAYS} days and ${SEED_TABLES} tables, half TO_GO; a date range is one day; pages of 25 at offsets 0-100.`,
        `${sizes.runs} rounds × ${sizes.historyQueries} sequential requests per filter per size; percentiles per round, then medians.`,
      ],
    };
  } finally {
    await small.stop();
    await large.stop();
  }
}
