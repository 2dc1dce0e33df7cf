// Seeds history fast: plain SQL inserts into the gateway's own schema (migrations.ts), with the
// orders indexes and triggers dropped during the load and recreated from their own stored DDL
// afterwards; the per-hour counts the triggers would have kept are then recounted in one pass.
// Orders spread evenly over the last 13 days, inside the default 14-day retention, so the
// gateway's purge at start-up keeps them all.
import { randomUUID } from "node:crypto";
import { seededRandom } from "../../src/hardware/demo.js";
import { backfillOrderCounts } from "../../src/store/order-counts.js";
import { openDatabase } from "../../src/store/sqlite-store.js";

export const SEED_DAYS = 13;
export const SEED_TABLES = 100;
const DAY_MS = 86_400_000;

/** Inserts `rows` cleared orders; returns the [first, last] created instants (epoch ms). */
export function seedHistory(dataDir: string, rows: number, now = Date.now()): [number, number] {
  const db = openDatabase({ dataDir });
  // Deterministic, so two runs seed the same shape.
  const rand = seededRandom(rows);
  const start = now - SEED_DAYS * DAY_MS;
  const step = (SEED_DAYS * DAY_MS - 3_600_000) / Math.max(1, rows);
  const derived = db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = 'orders' AND sql IS NOT NULL",
    )
    .all() as Array<{ type: string; name: string; sql: string }>;
  const insert = db.prepare(
    `INSERT INTO orders (uuid, name, order_type, location_name, state, created, state_changed, located_at,
       paged_at, cleared_at, cleared_reason, paged, version)
     VALUES (?, ?, ?, ?, 'cleared', ?, ?, ?, ?, ?, 'TRACKER', ?, 3)`,
  );
  // Loading only, on this connection: no journal and no syncs; the gateway's own settings
  // (WAL, NORMAL) are restored before anything measures.
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -262144");
  // Sorted, the random ids append to the unique uuid index instead of landing all over it.
  const uuids = Array.from({ length: rows }, () => randomUUID()).sort();
  db.transaction(() => {
    for (const d of derived) db.exec(`DROP ${d.type.toUpperCase()} ${d.name}`);
    for (let i = 0; i < rows; i++) {
      const created = Math.floor(start + i * step);
      const located = rand() < 0.95;
      const locatedAt = located ? created + 30_000 + Math.floor(rand() * 240_000) : null;
      const paged = rand() < 0.1;
      const clearedAt = created + 300_000 + Math.floor(rand() * 1_500_000);
      insert.run(
        uuids[i],
        String(1 + Math.floor(rand() * 999)),
        rand() < 0.5 ? "TO_GO" : "ON_PREMISE",
        located ? String(1 + Math.floor(rand() * SEED_TABLES)) : null,
        created,
        clearedAt,
        locatedAt,
        paged ? created + 200_000 : null,
        clearedAt,
        paged ? 1 : 0,
      );
    }
    for (const d of derived) db.exec(d.sql);
    backfillOrderCounts(db);
  })();
  db.pragma("journal_mode = WAL");
  db.close();
  return [start, Math.floor(start + (rows - 1) * step)];
}
