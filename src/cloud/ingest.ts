// Upload ingestion: one batch from one gateway becomes one statement. Orders are keyed by
// (site, uuid) and the higher version wins, so a replayed, reordered or duplicated batch
// changes nothing; the site's last-seen and sync figures move in the same statement.
import { isValidZone } from "../protocol/local-time.js";
import { orderColumnArrays } from "../protocol/order.js";
import type { SyncBatch, SyncOrder } from "../protocol/sync.js";
import type { Queryable } from "./db.js";

const ts = (col: string) => `CASE WHEN u.${col} IS NULL THEN NULL ELSE to_timestamp(u.${col} / 1000.0) END`;

export const UPSERT_SET = `version = excluded.version, name = excluded.name, order_type = excluded.order_type,
  location_name = excluded.location_name, state = excluded.state, created = excluded.created,
  state_changed = excluded.state_changed, located_at = excluded.located_at, paged_at = excluded.paged_at,
  cleared_at = excluded.cleared_at, cleared_reason = excluded.cleared_reason, paged = excluded.paged,
  ready_at = excluded.ready_at, received_at = now()`;

// The upload token is checked in the same statement: one round trip per batch. No site row →
// no insert and no result row, which the route answers with 401.
const INGEST_SQL = `
WITH site AS (SELECT id, account_id FROM sites WHERE token_hash = $1),
up AS (
  INSERT INTO orders AS o (site_id, account_id, uuid, version, name, order_type, location_name, state,
    created, state_changed, located_at, paged_at, cleared_at, cleared_reason, paged, ready_at)
  SELECT site.id, site.account_id, u.uuid, u.version, u.name, u.order_type, u.location_name, u.state,
    ${ts("created")}, ${ts("state_changed")}, ${ts("located_at")}, ${ts("paged_at")}, ${ts("cleared_at")},
    u.cleared_reason, u.paged, ${ts("ready_at")}
  FROM site, unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::float8[],
    $10::float8[], $11::float8[], $12::float8[], $13::text[], $14::bool[], $15::float8[])
    AS u(uuid, version, name, order_type, location_name, state, created, state_changed, located_at, paged_at,
      cleared_at, cleared_reason, paged, ready_at)
  ON CONFLICT (site_id, uuid, created) DO UPDATE SET ${UPSERT_SET}
  WHERE excluded.version > o.version
  RETURNING 1
)
UPDATE sites SET last_seen = now(),
  last_upload = CASE WHEN $16 > 0 THEN now() ELSE last_upload END,
  zone = $17, target_time = $18, pending = $19, sync_lag_ms = $20,
  orders_received = orders_received + (SELECT count(*) FROM up)
FROM site WHERE sites.id = site.id
RETURNING sites.id AS "siteId", (SELECT count(*) FROM up)::int AS applied`;

/** Keeps the highest version of each uuid: one statement may not touch a row twice. */
function newestPerUuid(orders: SyncOrder[]): SyncOrder[] {
  const best = new Map<string, SyncOrder>();
  for (const o of orders) {
    const key = o.uuid.toLowerCase();
    const seen = best.get(key);
    if (!seen || o.version > seen.version) best.set(key, o);
  }
  return [...best.values()];
}

/**
 * Applies one upload for the site holding this upload token. Returns undefined when no site
 * holds it (re-activated elsewhere, or never issued).
 */
export async function ingestBatch(
  db: Queryable,
  tokenHash: string,
  batch: SyncBatch,
): Promise<{ siteId: number; accepted: number; applied: number } | undefined> {
  const orders = newestPerUuid(batch.orders);
  const zone = isValidZone(batch.zone) ? batch.zone : "UTC";
  const r = await db.query<{ siteId: number; applied: number }>(INGEST_SQL, [
    tokenHash,
    ...orderColumnArrays(orders),
    orders.length,
    zone,
    batch.targetTime,
    batch.pending,
    batch.oldestAgeMs,
  ]);
  const row = r.rows[0];
  return row ? { siteId: row.siteId, accepted: batch.orders.length, applied: row.applied } : undefined;
}
