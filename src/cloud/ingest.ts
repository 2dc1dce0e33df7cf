// Upload ingestion. Orders are keyed by (site, uuid) and the higher version wins, so a replayed,
// reordered or duplicated batch changes nothing; the site's last-seen and sync figures move in
// the same statement.
//
// Group commit across gateways: uploads that arrive while earlier statements are in flight wait,
// and the next free slot takes them all (up to GROUP_ORDERS orders) as one statement, one
// transaction, one WAL flush. Under a chain's load that is most of PostgreSQL's cost per upload
// gone (docs/cloud.md, "Ingest"); a lone upload still goes at once, alone. A gateway is told its
// orders are stored only after the group's commit, as before.
import { isValidZone } from "../protocol/local-time.js";
import { pgOrderRecord } from "../protocol/order.js";
import type { SyncBatch, SyncOrder } from "../protocol/sync.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { Queryable } from "./db.js";

export const UPSERT_SET = `version = excluded.version, name = excluded.name, order_type = excluded.order_type,
  location_name = excluded.location_name, state = excluded.state, created = excluded.created,
  state_changed = excluded.state_changed, located_at = excluded.located_at, paged_at = excluded.paged_at,
  cleared_at = excluded.cleared_at, cleared_reason = excluded.cleared_reason, paged = excluded.paged,
  ready_at = excluded.ready_at, received_at = now()`;

// The orders travel as JSON that PostgreSQL unpacks (json_to_recordset), their record defined by
// the one order codec (protocol/order.ts): no text-array literal built and escaped per value in
// Node, and one parameter however many uploads a group holds. $1 holds each upload's token and
// sync figures, $2 each upload's orders, in the same order (k).
const RECORD = pgOrderRecord();
const field = (f: string) => `u."${f}"`;
const VALUES = RECORD.map((c) => (c.instant ? `to_timestamp(${field(c.field)} / 1000.0)` : field(c.field))).join(", ");

// The upload tokens are checked in the same statement: one round trip per group. An upload whose
// token no site holds inserts nothing and gets no result row, which the route answers with 401.
const INGEST_SQL = `
WITH b AS (
  SELECT * FROM json_to_recordset($1::json)
    AS b(k int, token_hash text, zone text, target_time int, pending int, lag bigint, n int)
),
site AS (SELECT b.k, s.id, s.account_id FROM b JOIN sites s ON s.token_hash = b.token_hash),
up AS (
  INSERT INTO orders AS o (site_id, account_id, ${RECORD.map((c) => c.column).join(", ")})
  SELECT site.id, site.account_id, ${VALUES}
  FROM json_array_elements($2::json) WITH ORDINALITY AS e(list, k)
  JOIN site ON site.k = e.k - 1,
  json_to_recordset(e.list) AS u(${RECORD.map((c) => `"${c.field}" ${c.type}`).join(", ")})
  ON CONFLICT (site_id, uuid, created) DO UPDATE SET ${UPSERT_SET}
  WHERE excluded.version > o.version
  RETURNING o.site_id
),
applied AS (SELECT site_id, count(*)::int AS n FROM up GROUP BY site_id)
UPDATE sites SET last_seen = now(),
  last_upload = CASE WHEN b.n > 0 THEN now() ELSE sites.last_upload END,
  zone = b.zone, target_time = b.target_time, pending = b.pending, sync_lag_ms = b.lag,
  orders_received = sites.orders_received + coalesce(applied.n, 0)
FROM b JOIN site ON site.k = b.k LEFT JOIN applied ON applied.site_id = site.id
WHERE sites.id = site.id
RETURNING b.k AS k, sites.id AS "siteId", coalesce(applied.n, 0) AS applied`;

export interface IngestResult {
  siteId: number;
  /** Orders in the upload. */
  accepted: number;
  /** Orders that were new or newer than the stored copy. */
  applied: number;
}

interface Upload {
  tokenHash: string;
  batch: SyncBatch;
  /** The newest copy of each uuid: one statement may not touch a row twice. */
  orders: SyncOrder[];
}

function prepare(tokenHash: string, batch: SyncBatch): Upload {
  const best = new Map<string, SyncOrder>();
  for (const o of batch.orders) {
    const key = o.uuid.toLowerCase();
    const seen = best.get(key);
    if (!seen || o.version > seen.version) best.set(key, o);
  }
  const orders = best.size === batch.orders.length ? batch.orders : [...best.values()];
  return { tokenHash, batch, orders };
}

/** One statement for these uploads (no two of one site); undefined where no site holds the token. */
async function ingestGroup(db: Queryable, uploads: Upload[]): Promise<Array<IngestResult | undefined>> {
  const meta = uploads.map((u, k) => ({
    k,
    token_hash: u.tokenHash,
    zone: isValidZone(u.batch.zone) ? u.batch.zone : "UTC",
    target_time: u.batch.targetTime,
    pending: u.batch.pending,
    lag: u.batch.oldestAgeMs,
    n: u.orders.length,
  }));
  const r = await db.query<{ k: number; siteId: number; applied: number }>(INGEST_SQL, [
    JSON.stringify(meta),
    `[${uploads.map((u) => JSON.stringify(u.orders)).join(",")}]`,
  ]);
  const out: Array<IngestResult | undefined> = uploads.map(() => undefined);
  for (const row of r.rows) {
    out[row.k] = { siteId: row.siteId, accepted: uploads[row.k]?.batch.orders.length ?? 0, applied: row.applied };
  }
  return out;
}

/**
 * Applies one upload for the site holding this upload token, in a statement of its own. Returns
 * undefined when no site holds it (re-activated elsewhere, or never issued).
 */
export async function ingestBatch(
  db: Queryable,
  tokenHash: string,
  batch: SyncBatch,
): Promise<IngestResult | undefined> {
  const [r] = await ingestGroup(db, [prepare(tokenHash, batch)]);
  return r;
}

/**
 * Errors that may be one upload's own: a value PostgreSQL refuses (SQLSTATE class 22, data
 * exception; 23, integrity), or the group lost a deadlock or serialization conflict (40) with
 * another cloud process's group holding the same site (the per-site hold below is per process).
 * Anything else (connection refused, reset, shut down) would fail each upload alike.
 */
function retryAlone(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|23|40)/.test(code);
}

/**
 * Ingest statements a cloud runs at once: half its pool, so listings never queue behind a chain's
 * uploads for more than one statement. PGlite runs one statement at a time: one group in flight,
 * and the next takes all that waited meanwhile.
 */
export function ingestConcurrency(engine: "postgres" | "pglite", poolSize: number): number {
  return engine === "pglite" ? 1 : Math.max(1, Math.floor(poolSize / 2));
}

/** Orders one group statement takes at most (a single larger upload still goes, alone). */
export const GROUP_ORDERS = 1_000;

/**
 * Orders that may wait at once. Past it an upload is refused with 503 and nothing stored: a
 * database that stopped answering must not fill the process's memory with uploads (gateways
 * that time out send theirs again), and the gateways' outboxes retry with backoff. 10,000
 * gateways sending 20 orders each at the same moment use a fifth of it.
 */
const MAX_WAITING_ORDERS = 1_000_000;

/** The refusal when the queue is full; the route adds Retry-After. */
export const QUEUE_FULL_RETRY_SECONDS = 5;

interface Waiting {
  upload: Upload;
  resolve(r: IngestResult | undefined): void;
  reject(e: unknown): void;
}

/**
 * The cloud's ingest path: uploads queue here and leave in groups, at most `concurrency`
 * statements at a time (the rest of the pool stays free for listings and the dashboard).
 */
export class IngestQueue {
  readonly #db: Queryable;
  readonly #concurrency: number;
  readonly #groupOrders: number;
  readonly #maxWaiting: number;
  #waiting: Waiting[] = [];
  #waitingOrders = 0;
  #inFlight = 0;
  /** Sites with a statement in flight: their next upload waits for it, so two of this process's
   * statements never lock the same site row (no deadlock between its groups, and a site's uploads
   * apply in order). Across processes a deadlock is possible; PostgreSQL ends it and the losing
   * group is retried upload by upload (retryAlone). */
  readonly #busy = new Set<string>();

  constructor(db: Queryable, opts: { concurrency?: number; groupOrders?: number; maxWaitingOrders?: number } = {}) {
    this.#db = db;
    this.#concurrency = Math.max(1, opts.concurrency ?? 4);
    this.#groupOrders = Math.max(1, opts.groupOrders ?? GROUP_ORDERS);
    this.#maxWaiting = Math.max(1, opts.maxWaitingOrders ?? MAX_WAITING_ORDERS);
  }

  /**
   * Resolves once the upload is committed; undefined when no site holds the token. Rejects with
   * UNAVAILABLE (503) at once when the orders already waiting fill the queue.
   */
  submit(tokenHash: string, batch: SyncBatch): Promise<IngestResult | undefined> {
    const upload = prepare(tokenHash, batch);
    if (this.#waiting.length > 0 && this.#waitingOrders + upload.orders.length > this.#maxWaiting) {
      return Promise.reject(
        new TrackerError(
          "UNAVAILABLE",
          `The cloud has ${this.#waitingOrders} orders waiting to be stored: nothing was saved; send this batch again in ${QUEUE_FULL_RETRY_SECONDS} seconds`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push({ upload, resolve, reject });
      this.#waitingOrders += upload.orders.length;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#concurrency && this.#waiting.length > 0) {
      const group = this.#take();
      if (group.length === 0) return; // every waiting upload's site has a statement in flight
      this.#inFlight++;
      for (const w of group) this.#busy.add(w.upload.tokenHash);
      void this.#run(group).finally(() => {
        for (const w of group) this.#busy.delete(w.upload.tokenHash);
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  /** The oldest waiting uploads that fit one group, at most one per site. */
  #take(): Waiting[] {
    const group: Waiting[] = [];
    const left: Waiting[] = [];
    const sites = new Set<string>();
    let orders = 0;
    let i = 0;
    for (; i < this.#waiting.length; i++) {
      const w = this.#waiting[i] as Waiting;
      if (this.#busy.has(w.upload.tokenHash) || sites.has(w.upload.tokenHash)) {
        left.push(w);
        continue;
      }
      const n = w.upload.orders.length;
      if (group.length > 0 && orders + n > this.#groupOrders) break;
      sites.add(w.upload.tokenHash);
      group.push(w);
      orders += n;
    }
    this.#waitingOrders -= orders;
    this.#waiting = left.length === 0 ? this.#waiting.slice(i) : left.concat(this.#waiting.slice(i));
    return group;
  }

  async #run(group: Waiting[]): Promise<void> {
    try {
      const results = await ingestGroup(
        this.#db,
        group.map((w) => w.upload),
      );
      for (const [k, w] of group.entries()) w.resolve(results[k]);
    } catch (e) {
      if (group.length === 1 || !retryAlone(e)) {
        // The database down or unreachable: every upload of the group fails at once, and the
        // gateways' outboxes retry; nothing was stored (the statement is one transaction).
        for (const w of group) w.reject(e);
        return;
      }
      // One upload PostgreSQL refuses must not fail the others: each goes again alone, and only
      // the one at fault gets the error.
      for (const w of group) {
        await ingestGroup(this.#db, [w.upload]).then(([r]) => w.resolve(r), w.reject);
      }
    }
  }
}
