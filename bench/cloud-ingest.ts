// Cloud benchmark (issue 19.7) — ingest from many gateways at once, and a month of one site at
// scale. (1) N simulated gateways each POST their batches to /cloud/v1/sync at the same moment;
// the figure is orders ingested per second, beside a raw multi-row INSERT … ON CONFLICT of the
// same batches into the same table through the same pool (target ratio ≥ 0.6), and beside the same
// upsert with batches grouped as the cloud groups them (no target: the stronger floor). (2) A second
// database is filled to R orders over a year for all sites (month partitions made first, as the
// partition job would), then one site's month is queried through the API (page + total) and as
// bare SQL: p50/p99, target p99 ≤ 50 ms; and the disk the orders take per million. Runs on
// OPENTT_BENCH_PG_URL / OPENTT_TEST_PG_URL (a real PostgreSQL), else on embedded PGlite.
// Filling 100M rows takes a long while: `--scale-db NAME` keeps that database and reuses it.

import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { Worker, workerData } from "node:worker_threads";
import pino from "pino";
import { createAccount } from "../src/cloud/accounts.js";
import { DEFAULT_CLOUD_CONFIG } from "../src/cloud/config.js";
import { type CloudDb, openPglite, openPostgres } from "../src/cloud/db.js";
import { GROUP_ORDERS, IngestQueue, ingestConcurrency } from "../src/cloud/ingest.js";
import { migrateCloud } from "../src/cloud/migrations.js";
import { clusterEndedMonths, createMonth } from "../src/cloud/partitions.js";
import { CloudService } from "../src/cloud/service.js";
import type { SyncBatch, SyncOrder } from "../src/protocol/sync.js";
import { COLS, groupedRawUpsert, ingestRun, makeSites, rawUpsert, type Site, uploadAll } from "./lib/cloud-load.js";
import { gatewayNodeFlags, repoRoot } from "./lib/paths.js";
import { type BenchResult, type Metric, metric } from "./lib/result.js";
import { median, percentile, round } from "./lib/stats.js";

export interface CloudBenchSizes {
  gateways: number;
  /** Orders per batch; each gateway sends `rounds` batches one after the other. */
  batch: number;
  rounds: number;
  /** Side-by-side runs; figures are medians. */
  runs: number;
  /** Rows in the orders table for the query figure. */
  scaleRows: number;
  queries: number;
}

export const CLOUD_FULL: Readonly<CloudBenchSizes> = Object.freeze({
  gateways: 10_000,
  batch: 20,
  rounds: 2,
  runs: 3,
  scaleRows: 100_000_000,
  queries: 500,
});

export const CLOUD_SMOKE: Readonly<CloudBenchSizes> = Object.freeze({
  gateways: 10,
  batch: 5,
  rounds: 2,
  runs: 1,
  scaleRows: 5_000,
  queries: 3,
});

const PG_URL = process.env.OPENTT_BENCH_PG_URL ?? process.env.OPENTT_TEST_PG_URL;

/**
 * A migrated database: a new one dropped at the end, or (`keep`, PostgreSQL only) the one of
 * that name, made if missing and left in place for the next run.
 */
async function freshDb(keep?: string): Promise<{ db: CloudDb; drop(): Promise<void>; engine: string; url?: string }> {
  if (!PG_URL) {
    const db = await openPglite();
    await migrateCloud(db);
    return { db, drop: () => db.close(), engine: "PGlite (embedded)" };
  }
  if (keep !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(keep)) {
    throw new Error(`--scale-db ${keep}: use a lowercase PostgreSQL name (letters, digits, _)`);
  }
  const name = keep ?? `opentt_bench_${randomBytes(5).toString("hex")}`;
  const admin = openPostgres(PG_URL, { max: 1 });
  const there = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (there.rows.length === 0) await admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  // The same number of connections as the cloud process under test opens (its default): the
  // baseline must not win by running more statements at once.
  const db = openPostgres(url.toString(), { max: DEFAULT_CLOUD_CONFIG.poolSize });
  await migrateCloud(db);
  const version = await db.query<{ server_version: string }>("SHOW server_version");
  return {
    db,
    url: url.toString(),
    engine: `PostgreSQL ${version.rows[0]?.server_version}`,
    drop: async () => {
      await db.close();
      if (keep === undefined) await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

interface WorkerJob {
  cloudBench: true;
  base: string;
  sizes: CloudBenchSizes;
  sites: Site[];
}

/**
 * The simulated gateways in a worker thread, as if on machines of their own: their HTTP client
 * work does not share the cloud's event loop. Posts orders/s back; false when not a worker.
 */
export async function gatewayWorker(): Promise<boolean> {
  const job = workerData as WorkerJob | undefined;
  if (!job?.cloudBench) return false;
  const { parentPort } = await import("node:worker_threads");
  parentPort?.postMessage(await uploadAll(job.base, job.sizes, job.sites));
  return true;
}

function inWorker(url: URL, job: Omit<WorkerJob, "cloudBench">): Promise<number> {
  return new Promise((resolve, reject) => {
    const w = new Worker(url, { workerData: { ...job, cloudBench: true } });
    w.once("message", (v: number) => {
      resolve(v);
      // Its keep-alive sockets would hold it open.
      void w.terminate();
    });
    w.once("error", reject);
    w.once("exit", (code) => reject(new Error(`gateway worker exited with ${code} before answering`)));
  });
}

/** Fills the table to `rows` orders spread over every site and a year, in one statement per chunk. */
async function fill(
  db: CloudDb,
  accountId: number,
  siteIds: number[],
  rows: number,
  log: (l: string) => void,
): Promise<void> {
  // 2025's months, as the partition job makes them ahead of time: rows never wait in the default.
  for (let m = 0; m < 12; m++) await createMonth(db, 2025 * 12 + m);
  // Bulk load as a DBA would: the indexes come off, the rows go in, the same indexes are built
  // back from their own definitions (a sorted build, hours faster at 100M rows than growing
  // three B-trees row by row). The schema the queries then meet is the migration's.
  const pk = await db.query<{ name: string; def: string }>(
    "SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'p'",
  );
  const idx = await db.query<{ name: string; def: string }>(
    "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'orders' AND schemaname = current_schema() AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass)",
  );
  for (const c of pk.rows) await db.exec(`ALTER TABLE orders DROP CONSTRAINT ${c.name}`);
  for (const i of idx.rows) await db.exec(`DROP INDEX ${i.name}`);
  const chunk = 1_000_000;
  for (let done = 0; done < rows; done += chunk) {
    const n = Math.min(chunk, rows - done);
    await db.query(
      `INSERT INTO orders (${COLS})
       SELECT s.ids[1 + (g % array_length(s.ids, 1))], $2, gen_random_uuid(), 3, (1 + g % 999)::text,
         CASE WHEN g % 3 = 0 THEN 'TO_GO' ELSE 'ON_PREMISE' END, (1 + g % 40)::text, 'cleared',
         t, t + interval '1 minute', t + interval '30 seconds', NULL, t + make_interval(secs => 60 + g % 600),
         'TRACKER', false
       FROM generate_series($3::bigint, $3::bigint + $4 - 1) AS g,
         (SELECT $1::int[] AS ids) s,
         -- each site's k-th order at k × spacing: every site's orders evenly over the year
         LATERAL (SELECT timestamptz '2025-01-01 00:00:00+00'
           + make_interval(secs => (g / array_length(s.ids, 1)) * $5::float8) AS t) x`,
      [siteIds, accountId, done, n, (365 * 86400) / Math.ceil(rows / siteIds.length)],
    );
    if ((done / chunk) % 10 === 9)
      log(`  filled ${(done + n).toLocaleString("en-US")} of ${rows.toLocaleString("en-US")}`);
  }
  for (const c of pk.rows) await db.exec(`ALTER TABLE orders ADD CONSTRAINT ${c.name} ${c.def}`);
  // pg_indexes gives a partitioned index as "ON ONLY orders": built that way it would cover no
  // partition. Without ONLY it is built on every partition, as the migration's was.
  for (const i of idx.rows) await db.exec(i.def.replace(/ ON ONLY /, " ON "));
  log("  indexes built");
  // As after any bulk load: hint bits and the visibility map set now, not by the first queries.
  await db.exec("VACUUM (ANALYZE) orders");
}

/**
 * The cloud under test: on PostgreSQL a process of its own (`opentt cloud`), as in production —
 * and 10,000 gateways' sockets plus the cloud's ends of them would not fit one process's
 * descriptor limit; on PGlite (one connection, in this process) the service in this process.
 */
async function serveCloud(db: CloudDb, url: string | undefined): Promise<{ base: string; stop(): Promise<void> }> {
  if (url === undefined) {
    const cloud = new CloudService({ host: "127.0.0.1", port: 0 }, { db, logger: pino({ level: "silent" }) });
    await cloud.start();
    return { base: `http://127.0.0.1:${cloud.port}`, stop: () => cloud.stop() };
  }
  const bin = path.join(repoRoot(), "bin", "opentt.js");
  // With the Node flags `opentt` runs with (bin/opentt.js's first line), as an installed cloud has them.
  const args = [...gatewayNodeFlags(), bin, "cloud", "--host", "127.0.0.1", "--port", "0", "--database", url];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const base = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /opentt cloud serving (http:\/\/[^\s"]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`opentt cloud exited with ${code} before serving:\n${out}`)));
  });
  child.stdout.resume();
  return {
    base,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Descriptors this process needs: a socket per gateway, and the cloud's end too on PGlite. */
export const descriptorsNeeded = (s: CloudBenchSizes): number => (PG_URL ? 1 : 2) * s.gateways + 500;

/** Orders in the scale database, and the account that owns them (kept between runs). */
async function scaleData(
  db: CloudDb,
  s: CloudBenchSizes,
  log: (l: string) => void,
): Promise<{ token: string; siteIds: number[]; fillS: number | undefined }> {
  await db.exec("CREATE TABLE IF NOT EXISTS bench_fill (rows bigint, token text, site_ids int[])");
  const had = await db.query<{ rows: string; token: string; site_ids: number[] }>("SELECT * FROM bench_fill");
  const kept = had.rows[0];
  if (kept && Number(kept.rows) === s.scaleRows && kept.site_ids.length === s.gateways) {
    log(`  reusing ${s.scaleRows.toLocaleString("en-US")} orders already in the scale database`);
    await orderEndedMonths(db, log);
    return { token: kept.token, siteIds: kept.site_ids, fillS: undefined };
  }
  await db.exec("TRUNCATE orders, sites, accounts CASCADE; TRUNCATE bench_fill");
  const account = await createAccount(db, "Bench");
  const siteIds = (await makeSites(db, account.id, s.gateways)).map((x) => x.id);
  const t0 = performance.now();
  await fill(db, account.id, siteIds, s.scaleRows, log);
  const fillS = (performance.now() - t0) / 1000;
  await db.query("INSERT INTO bench_fill VALUES ($1, $2, $3)", [s.scaleRows, account.token, siteIds]);
  log(`  filled ${s.scaleRows.toLocaleString("en-US")} orders in ${round(fillS, 1)} s`);
  await orderEndedMonths(db, log);
  return { token: account.token, siteIds, fillS };
}

/**
 * The 2025 months have ended: a running cloud has ordered them by site (partitions.ts
 * clusterEndedMonths, its hourly job, in the background). Done here before the queries, so the
 * job does not run beside them; nothing to do when a kept database had it done already.
 */
async function orderEndedMonths(db: CloudDb, log: (l: string) => void): Promise<void> {
  const t0 = performance.now();
  const done = await clusterEndedMonths(db);
  if (done.length > 0)
    log(
      `  ${done.length} site partitions of ended months ordered by site in ${round((performance.now() - t0) / 1000, 1)} s`,
    );
}

/** Bytes of every orders partition (heap, TOAST and indexes). */
async function ordersBytes(db: CloudDb): Promise<number> {
  const r = await db.query<{ b: string }>(
    "SELECT coalesce(sum(pg_total_relation_size(relid)), 0)::bigint AS b FROM pg_partition_tree('orders')",
  );
  return Number(r.rows[0]?.b ?? 0);
}

async function ingestPhase(s: CloudBenchSizes, log: (l: string) => void, workerUrl: URL | undefined) {
  const { db, drop, engine, url } = await freshDb();
  const cloud = await serveCloud(db, url);
  const { base } = cloud;
  try {
    const account = await createAccount(db, "Bench");
    const sites = await makeSites(db, account.id, s.gateways);
    const raw = (site: { id: number }, orders: SyncOrder[]) => rawUpsert(db, account.id, [{ siteId: site.id, orders }]);
    const ingestSlots = ingestConcurrency(db.engine, DEFAULT_CLOUD_CONFIG.poolSize); // as CloudService's queue
    const rawGrouped = groupedRawUpsert(db, account.id, ingestSlots);
    // The ingest path without HTTP (the cloud's queue and statement, as many groups in flight as
    // the cloud runs), to tell the SQL's share of the gap from the transport's.
    const hashes = new Map(sites.map((x) => [x.id, createHash("sha256").update(x.token).digest("hex")]));
    const queue = new IngestQueue(db, { concurrency: ingestSlots });
    const direct = async (site: Site, orders: SyncOrder[]) => {
      const body: SyncBatch = { zone: "UTC", targetTime: 300, pending: 0, oldestAgeMs: 1000, orders };
      if (!(await queue.submit(hashes.get(site.id) as string, body))) throw new Error("unknown site");
    };
    const api: number[] = [];
    const sql: number[] = [];
    const baseline: number[] = [];
    const grouped: number[] = [];
    for (let run = 0; run < s.runs; run++) {
      // Each side starts from an empty table: neither pays for the other's index growth.
      await db.exec("TRUNCATE orders");
      baseline.push(await ingestRun(s, sites, raw));
      await db.exec("TRUNCATE orders");
      grouped.push(await ingestRun(s, sites, rawGrouped));
      await db.exec("TRUNCATE orders");
      api.push(workerUrl ? await inWorker(workerUrl, { base, sizes: s, sites }) : await uploadAll(base, s, sites));
      await db.exec("TRUNCATE orders");
      sql.push(await ingestRun(s, sites, direct));
      log(`  run ${run + 1}: ingest queue without HTTP ${Math.round(sql.at(-1) ?? 0)} orders/s`);
      log(
        `  run ${run + 1}: opentt ${Math.round(api.at(-1) ?? 0)} orders/s, raw ${Math.round(baseline.at(-1) ?? 0)}, raw grouped ${Math.round(grouped.at(-1) ?? 0)}`,
      );
    }
    const ingested = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders");
    if (ingested.rows[0]?.n !== s.gateways * s.batch) throw new Error(`expected ${s.gateways * s.batch} orders`);
    return { api, sql, baseline, grouped, engine, ingestSlots };
  } finally {
    await cloud.stop();
    await drop();
  }
}

async function queryPhase(s: CloudBenchSizes, log: (l: string) => void, keep: string | undefined) {
  const { db, drop, url } = await freshDb(keep);
  try {
    const { token, siteIds, fillS } = await scaleData(db, s, log);
    const bytes = await ordersBytes(db);
    const cloud = await serveCloud(db, url);
    const { base } = cloud;
    const apiMs: number[] = [];
    const sqlMs: number[] = [];
    let monthRows = 0;
    try {
      // Queries first, not counted, as a running cloud has had them: a connection's first query
      // on each of the ~200 month × site-hash partitions loads that partition's catalogue
      // entries (50-130 ms of planning once, ~2 ms after).
      const warmUp = Math.min(300, s.queries);
      for (let i = 0; i < s.queries + warmUp; i++) {
        const site = siteIds[(i * 7919) % siteIds.length] as number;
        const month = String(1 + ((i * 5) % 12)).padStart(2, "0");
        const last = new Date(Date.UTC(2025, Number(month), 0)).getUTCDate();
        const q = `site=${site}&dateFrom=2025-${month}-01&dateTo=2025-${month}-${last}&limit=100`;
        let t = performance.now();
        const res = await fetch(`${base}/cloud/v1/orders?${q}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { total: number };
        if (res.status !== 200) throw new Error(`month query → ${res.status}: ${JSON.stringify(body)}`);
        const apiT = performance.now() - t;
        t = performance.now();
        await db.query(
          `SELECT * FROM orders WHERE site_id = $1 AND created >= $2 AND created < $3 ORDER BY created DESC LIMIT 100`,
          [site, `2025-${month}-01T00:00:00Z`, new Date(Date.UTC(2025, Number(month), 1)).toISOString()],
        );
        if (i < warmUp) continue;
        apiMs.push(apiT);
        sqlMs.push(performance.now() - t);
        monthRows = body.total;
      }
    } finally {
      await cloud.stop();
    }
    return { apiMs, sqlMs, monthRows, bytes, fillS };
  } finally {
    await drop();
  }
}

export async function benchCloud(
  s: CloudBenchSizes = CLOUD_FULL,
  log: (l: string) => void = () => {},
  /** The bundled runner, loaded again as the gateways' worker; inline (smoke test) when absent. */
  workerUrl?: URL,
  /** A PostgreSQL database to keep the scale rows in between runs (filling 100M takes long). */
  scaleDb?: string,
): Promise<BenchResult> {
  const { api, sql, baseline, grouped, engine, ingestSlots } = await ingestPhase(s, log, workerUrl);
  const q = await queryPhase(s, log, scaleDb);
  // Ratio per run, then the median: both sides of a run see the same machine load.
  const ratio = median(api.map((v, i) => v / (baseline[i] as number)));
  const p99 = percentile(q.apiMs, 99);
  const rows = s.scaleRows.toLocaleString("en-US");
  const metrics: Metric[] = [
    metric({
      name: `ingest, ${s.gateways.toLocaleString("en-US")} gateways at once`,
      unit: "orders/s",
      value: round(median(api), 0),
      baseline: round(median(baseline), 0),
      ratio: round(ratio, 2),
      target: "ratio ≥ 0.6",
      pass: ratio >= 0.6,
    }),
    metric({
      name: "the same, against the raw upsert grouped as opentt groups uploads",
      unit: "orders/s",
      value: round(median(api), 0),
      baseline: round(median(grouped), 0),
      ratio: round(median(api.map((v, i) => v / (grouped[i] as number))), 2),
    }),
    metric({
      name: `one site's month at ${rows} orders (API page + total), p99 vs bare SQL page`,
      unit: "ms",
      value: round(p99, 2),
      baseline: round(percentile(q.sqlMs, 99), 2),
      ratio: round(p99 / percentile(q.sqlMs, 99), 2),
      target: "p99 ≤ 50 ms",
      pass: p99 <= 50,
    }),
    metric({
      name: `one site's month at ${rows} orders (API page + total), p50 vs bare SQL page`,
      unit: "ms",
      value: round(median(q.apiMs), 2),
      baseline: round(median(q.sqlMs), 2),
      ratio: round(median(q.apiMs) / median(q.sqlMs), 2),
    }),
    metric({
      name: "disk per million orders (heap + indexes of every orders partition)",
      unit: "MB",
      value: round(q.bytes / 1e6 / (s.scaleRows / 1e6), 1),
    }),
  ];
  return {
    id: "cloud",
    title: "cloud ingest and query",
    baseline:
      "raw multi-row INSERT … ON CONFLICT of the same batches into the same table (ingest); bare SQL page (query)",
    metrics,
    notes: [
      `the cloud's ingest queue and statement alone (no HTTP): ${round(median(sql), 0)} orders/s (${round(median(sql) / median(baseline), 2)} of raw);`,
      `opentt merges the batches that wait while ${ingestSlots} statements are in flight into one (up to ${GROUP_ORDERS} orders); the raw baseline sends each batch as it comes, the grouped baseline merges as opentt does;`,
      `${engine}; ${s.gateways} gateways × ${s.rounds} batches × ${s.batch} orders per run, medians of ${s.runs} runs;`,
      `cloud service ${PG_URL ? "in a process of its own (opentt cloud)" : "in this process"}, gateways ${workerUrl ? "in a worker thread" : "inline"};`,
      `${rows} orders over 2025 in month partitions × ${16} site partitions${q.fillS === undefined ? " (reused from an earlier run)" : `, filled in ${round(q.fillS, 1)} s`}; ${q.apiMs.length} month queries of random sites, a site-month holding ~${q.monthRows} orders; orders take ${round(q.bytes / 1e9, 2)} GB;`,
      "the months queried have ended and were ordered by site (the cloud's job, clusterEndedMonths); the bare SQL page runs right after the API's, on pages it has just read.",
    ],
  };
}
