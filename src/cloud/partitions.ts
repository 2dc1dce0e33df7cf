// Orders by month [opentt]: `orders` is range-partitioned by `created` month, each month
// hash-partitioned by site (docs/cloud.md, "Schema and scale"). A job creates months ahead
// of time and drops whole months past the retention; history is never deleted row by row.
// Month first, site hash beneath: a month leaves with one DETACH + DROP, and arrives with one
// CREATE (and its site partitions), while a one-site month query still prunes to a single
// leaf (the month, then the site's hash).
import type { Queryable } from "./db.js";

/** Each month is split over this many hash partitions of site_id. */
const SITE_PARTITIONS = 16;
/** Months created ahead of the current one, so ingest never waits on DDL. */
const MONTHS_AHEAD = 3;
/** An account keeps this many whole months before the current one unless it says otherwise. */
export const DEFAULT_RETENTION_MONTHS = 25;

const pad = (n: number) => String(n).padStart(2, "0");

/** A month as "YYYY-MM-01" and its partition name, month 0-based from year 0 (no Date rounding). */
function month(index: number): { start: string; name: string } {
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return { start: `${y}-${pad(m)}-01`, name: `orders_m${y}${pad(m)}` };
}

const monthIndex = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();

/**
 * Creates one month's partition and its site partitions, unless it exists. Rows that waited for
 * it in the default partition (a gateway uploading a month no partition covered yet: a
 * backlog older than the window, a wrong clock) move into it before it is attached.
 */
export async function createMonth(q: Queryable, index: number): Promise<string | undefined> {
  const { start, name } = month(index);
  const end = month(index + 1).start;
  const exists = await q.query("SELECT 1 FROM pg_class WHERE relname = $1", [name]);
  if (exists.rows.length > 0) return undefined;
  const sites = Array.from(
    { length: SITE_PARTITIONS },
    (_, i) =>
      `CREATE TABLE ${name}_p${i} PARTITION OF ${name} FOR VALUES WITH (MODULUS ${SITE_PARTITIONS}, REMAINDER ${i});`,
  ).join("\n");
  const from = `'${start} 00:00:00+00'`;
  const to = `'${end} 00:00:00+00'`;
  await q.exec(
    `CREATE TABLE ${name} (LIKE orders INCLUDING DEFAULTS) PARTITION BY HASH (site_id);
     ${sites}
     WITH moved AS (DELETE FROM orders_default WHERE created >= ${from} AND created < ${to} RETURNING *)
     INSERT INTO ${name} SELECT * FROM moved;
     ALTER TABLE orders ATTACH PARTITION ${name} FOR VALUES FROM (${from}) TO (${to});`,
  );
  return name;
}

/** Month partitions there are, oldest first. */
export async function monthPartitions(q: Queryable): Promise<Array<{ name: string; index: number }>> {
  const r = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'orders' AND c.relname ~ '^orders_m[0-9]{6}$'
     ORDER BY c.relname`,
  );
  return r.rows.map(({ name }) => {
    const y = Number(name.slice(8, 12));
    const m = Number(name.slice(12, 14));
    return { name, index: y * 12 + m - 1 };
  });
}

/**
 * Creates the months from the one before `now` to MONTHS_AHEAD ahead, and every month that
 * rows of `source` (the default partition, or the old table in a migration) fall in.
 */
export async function ensureMonths(q: Queryable, now: Date, source: string): Promise<string[]> {
  const current = monthIndex(now);
  const waiting = await q.query<{ i: number }>(
    `SELECT DISTINCT (extract(year FROM created AT TIME ZONE 'UTC') * 12
       + extract(month FROM created AT TIME ZONE 'UTC') - 1)::int AS i FROM ${source}`,
  );
  const months = new Set(waiting.rows.map((w) => w.i));
  for (let i = current - 1; i <= current + MONTHS_AHEAD; i++) months.add(i);
  const created: string[] = [];
  for (const i of [...months].sort((a, b) => a - b)) {
    const name = await createMonth(q, i);
    if (name) created.push(name);
  }
  return created;
}

const JOB_LOCK = 7_301_011; // one partition job at a time across every cloud process

/**
 * The partition job: months from the current one to MONTHS_AHEAD ahead exist, and months that
 * ended more than the longest account retention ago are detached and dropped. An account with a
 * shorter retention never sees its older months (queries start at its horizon); they leave the
 * disk with the month. Runs in one transaction; a second process running it meanwhile skips.
 */
export async function maintainPartitions(
  db: { transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T> },
  now: Date = new Date(),
): Promise<{ created: string[]; dropped: string[]; skipped?: true }> {
  return db.transaction(async (q) => {
    const lock = await q.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [JOB_LOCK]);
    if (!lock.rows[0]?.ok) return { created: [], dropped: [], skipped: true as const };
    const current = monthIndex(now);
    const created = await ensureMonths(q, now, "orders_default");
    const r = await q.query<{ keep: number | null }>("SELECT max(retention_months) AS keep FROM accounts");
    const keep = r.rows[0]?.keep ?? DEFAULT_RETENTION_MONTHS;
    const dropped: string[] = [];
    for (const p of await monthPartitions(q)) {
      // Month p is past retention once the `keep` whole months before the current one do not include it.
      if (p.index >= current - keep) continue;
      await q.exec(`ALTER TABLE orders DETACH PARTITION ${p.name}; DROP TABLE ${p.name};`);
      dropped.push(p.name);
    }
    return { created, dropped };
  });
}

/** SQL for the first instant an account may still see (its retention horizon), given $n = account id. */
export const retentionHorizon = (param: string) =>
  `(date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    - make_interval(months => (SELECT retention_months FROM accounts WHERE id = ${param})))`;

const CLUSTER_LOCK = 7_301_012; // one CLUSTER at a time across every cloud process

/**
 * Ended months are rewritten in (site_id, created) order [opentt]. Ingest interleaves every
 * site's orders, so a site's month lies one row a page: at 100M orders a site-month query read
 * ~850 scattered pages, ~450 ms from a cold disk (bench:cloud). A month is taken a day after it
 * ends (late uploads mostly in), one site partition at a time, newest months first: CLUSTER
 * locks only that partition, ~3 s for 500,000 orders, and `lock_timeout` leaves a busy one to
 * the next run. Orders uploaded later still land in it, unordered, at its end. PostgreSQL marks
 * the index a table was clustered on (pg_index.indisclustered), which is how a done partition
 * is known. Returns the partitions rewritten; stops between partitions once `stop()` says so.
 */
export async function clusterEndedMonths(
  db: { transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T>; query: Queryable["query"] },
  now: Date = new Date(),
  stop: () => boolean = () => false,
): Promise<string[]> {
  const ended = monthIndex(now) - (now.getUTCDate() >= 2 ? 0 : 1);
  const todo = await db.query<{ leaf: string; index: string }>(
    `SELECT leaf.relname AS leaf, idx.relname AS index
       FROM pg_inherits mi
       JOIN pg_class mo ON mo.oid = mi.inhrelid
       JOIN pg_inherits li ON li.inhparent = mo.oid
       JOIN pg_class leaf ON leaf.oid = li.inhrelid
       JOIN pg_index i ON i.indrelid = leaf.oid
       JOIN pg_class idx ON idx.oid = i.indexrelid
      WHERE mi.inhparent = 'orders'::regclass AND mo.relname ~ '^orders_m[0-9]{6}$' AND mo.relname < $1
        AND NOT i.indisclustered
        AND 'orders_site_created'::regclass IN (SELECT relid FROM pg_partition_ancestors(i.indexrelid))
      ORDER BY mo.relname DESC, leaf.relname`,
    [month(ended).name],
  );
  const done: string[] = [];
  for (const { leaf, index } of todo.rows) {
    if (stop()) break;
    const ok = await db
      .transaction(async (q) => {
        const lock = await q.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [CLUSTER_LOCK]);
        if (!lock.rows[0]?.ok) return false;
        await q.exec(`SET LOCAL lock_timeout = '2s'; CLUSTER ${leaf} USING ${index}; ANALYZE ${leaf};`);
        return true;
      })
      .catch((e: unknown) => {
        // 55P03 lock_not_available: a long query holds the partition; the next run takes it.
        if ((e as { code?: string }).code === "55P03") return false;
        throw e;
      });
    if (ok) done.push(leaf);
  }
  return done;
}
