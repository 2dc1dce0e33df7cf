// The Store port on embedded SQLite (better-sqlite3, WAL). Statements are prepared once;
// every domain change runs in one transaction, so an acknowledged change is on disk.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Store } from "../domain/ports.js";
import type { ClearedRow, RangeRow, TokenRecord, TrackerRecord } from "../domain/records.js";
import { toSqliteRow } from "../protocol/order.js";
import type { GatewaySettings } from "../protocol/wire.js";
import { type Checkpointer, checkpointInBackground } from "./checkpointer.js";
import { floorplanStore } from "./floorplan-store.js";
import { historyAfter } from "./history-export.js";
import { knownSchemaVersion, migrate } from "./migrations.js";
import { orderCounter } from "./order-counts.js";
import { FILTERS, type OrderRow, toOrder } from "./order-rows.js";

export interface SqliteOptions {
  /** Folder for opentt.db; ":memory:" for tests that need no file. */
  dataDir: string;
  /**
   * "normal" (default) survives a crash or kill of the process; "full" also survives power
   * loss, at the price of an fsync on every commit.
   */
  synchronous?: "normal" | "full";
}

/**
 * TEST ONLY: `OPENTT_TEST_KILL_AFTER_GROUP_OF=N` makes the process SIGKILL itself right after
 * committing a group of at least N order changes, before any of them is answered or published.
 * Never set it on a real gateway.
 */
const KILL_AFTER_GROUP_OF = process.env.OPENTT_TEST_KILL_AFTER_GROUP_OF
  ? Number(process.env.OPENTT_TEST_KILL_AFTER_GROUP_OF)
  : undefined;
/** TEST ONLY, as above, but inside the group's transaction: the COMMIT never happens. */
const KILL_IN_GROUP_OF = process.env.OPENTT_TEST_KILL_IN_GROUP_OF
  ? Number(process.env.OPENTT_TEST_KILL_IN_GROUP_OF)
  : undefined;

/** How long a write waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 250;

/**
 * SQLite's page cache, in KiB: better-sqlite3's build default, stated so an upgrade cannot move
 * it. It fills with every page read until the database outgrows it, so it is the part of the
 * gateway's memory that follows the history's size (bench/README-soak.md). SQLite's own 2 MiB
 * default made the unfiltered history page (its exact `count(*)`) ~10× slower at 1,000,000 rows.
 */
export const PAGE_CACHE_KIB = 16_000;

export function openDatabase(opts: SqliteOptions): Database.Database {
  let file = ":memory:";
  if (opts.dataDir !== ":memory:") {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    file = path.join(opts.dataDir, "opentt.db");
  }
  const db = new Database(file);
  try {
    knownSchemaVersion(db);
  } catch (e) {
    db.close();
    throw e;
  }
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${opts.synchronous === "full" ? "FULL" : "NORMAL"}`);
  db.pragma("foreign_keys = ON");
  // better-sqlite3 is synchronous: a busy wait blocks the event loop, so wait briefly for
  // another program's lock and then answer 503 (retry) rather than freeze every client.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  migrate(db);
  return db;
}

export class SqliteStore implements Store {
  readonly db: Database.Database;
  readonly orders: Store["orders"];
  readonly tokens: Store["tokens"];
  readonly trackers: Store["trackers"];
  readonly meta: Store["meta"];
  readonly settings: Store["settings"];
  readonly webhooks: Store["webhooks"];
  readonly hookTokens: Store["hookTokens"];
  readonly floorplan: Store["floorplan"];
  readonly #checkpointer: Checkpointer | undefined;

  /** `backgroundCheckpoints`: the gateway's choice (checkpointer.ts); tests may leave SQLite's. */
  constructor(db: Database.Database, opts: { backgroundCheckpoints?: boolean } = {}) {
    this.db = db;
    this.#checkpointer = opts.backgroundCheckpoints ? checkpointInBackground(db) : undefined;
    this.orders = orderStore(db);
    this.tokens = tokenStore(db, "tokens");
    this.hookTokens = tokenStore(db, "hook_tokens");
    this.floorplan = floorplanStore(db);
    this.trackers = trackerStore(db);
    this.meta = metaStore(db);
    this.settings = settingsStore(db);
    this.webhooks = webhookStore(db);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  group(fn: () => number): void {
    const changes = this.db.transaction(() => {
      const n = fn();
      // Test-only fault hook (test/radio/mqtt-ack-after-commit.test.ts): die before the COMMIT.
      if (KILL_IN_GROUP_OF !== undefined && n >= KILL_IN_GROUP_OF) process.kill(process.pid, "SIGKILL");
      return n;
    })();
    // Test-only fault hook (test/reliability/group-commit-crash.test.ts): die between a group's
    // commit and its replies and events.
    if (KILL_AFTER_GROUP_OF !== undefined && changes >= KILL_AFTER_GROUP_OF) process.kill(process.pid, "SIGKILL");
  }

  close(): void {
    if (this.#checkpointer && this.db.open) {
      this.#checkpointer.stop();
      // The worker's connection may outlive this one, so this close would not be the last and
      // would leave the WAL full: empty it now, so a stopped gateway's folder is one file that
      // backup, restore and a copy by hand all see whole. Busy (a checkpoint mid-way): the
      // WAL is recovered on the next open, nothing is lost.
      try {
        this.db.pragma("wal_checkpoint(TRUNCATE)");
      } catch {}
    }
    if (this.db.open) this.db.close();
  }
}

function orderStore(db: Database.Database): Store["orders"] {
  const cols =
    "uuid, name, order_type, location_name, state, created, state_changed, located_at, paged_at, cleared_at, cleared_reason, paged, version, ready_at";
  const insert = db.prepare(`INSERT INTO orders (${cols}) VALUES (${cols.replace(/(\w+)/g, "@$1")})`);
  const update = db.prepare(
    `UPDATE orders SET ${cols
      .split(", ")
      .filter((c) => c !== "uuid")
      .map((c) => `${c} = @${c}`)
      .join(", ")} WHERE uuid = @uuid`,
  );
  // Left to itself the planner walks orders_created to skip the sort: every row of history,
  // ~1 s at 1,000,000 orders, at every start. The partial index holds only the active orders.
  const active = db.prepare(
    "SELECT * FROM orders INDEXED BY orders_active_name WHERE state <> 'cleared' ORDER BY created, id",
  );
  const cleared = db.prepare(
    "SELECT created, cleared_at AS clearedAt, ready_at AS readyAt FROM orders WHERE cleared_at >= ? AND cleared_at < ? AND state = 'cleared'",
  );
  // Two index ranges, orders_created then orders_cleared_at, four columns only. UNION ALL with the
  // second half skipping what the first gave: an OR would dedupe through a rowid set that grows
  // with the range, this streams in constant memory.
  const rangeCols = "created, cleared_at AS clearedAt, cleared_reason AS clearedReason, location_name AS locationName";
  const range = db.prepare(
    `SELECT ${rangeCols} FROM orders INDEXED BY orders_created WHERE created >= @from AND created < @to
     UNION ALL
     SELECT ${rangeCols} FROM orders INDEXED BY orders_cleared_at
     WHERE cleared_at >= @from AND cleared_at < @to AND NOT (created >= @from AND created < @to)`,
  );
  const purge = db.prepare("DELETE FROM orders WHERE created < ? AND state = 'cleared'");
  const latest = db.prepare("SELECT * FROM orders WHERE name = ? ORDER BY created DESC, id DESC LIMIT 1");
  return {
    loadActive: () => (active.all() as OrderRow[]).map(toOrder),
    insert: (o) => Number(insert.run(toSqliteRow(o)).lastInsertRowid),
    update: (o) => {
      update.run(toSqliteRow(o));
    },
    history: history(db),
    historyAfter: historyAfter(db),
    clearedBetween: (from, to) => cleared.iterate(from, to) as IterableIterator<ClearedRow>,
    rangeRows: (from, to) => range.iterate({ from, to }) as IterableIterator<RangeRow>,
    purgeCreatedBefore: (ms) => purge.run(ms).changes,
    latestByName: (name) => {
      const row = latest.get(name) as OrderRow | undefined;
      return row ? toOrder(row) : undefined;
    },
  };
}

/**
 * `total` is exact (spec §5: "all matching"): per-hour counts (order-counts.ts) make it a sum
 * over hours, while the page itself is a short walk of the filter's index.
 */
function history(db: Database.Database): Store["orders"]["history"] {
  const pages = new Map<string, Database.Statement>();
  const count = orderCounter(db);
  return (q) => {
    const where: string[] = [];
    const args: Record<string, unknown> = {};
    for (const [field, name, test] of FILTERS) {
      if (q[field] === undefined) continue;
      where.push(test);
      args[name] = q[field];
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    let page = pages.get(clause);
    if (!page) {
      page = db.prepare(`SELECT * FROM orders ${clause} ORDER BY created DESC, id DESC LIMIT @limit OFFSET @offset`);
      pages.set(clause, page);
    }
    const items = (page.all({ ...args, limit: q.limit, offset: q.offset }) as OrderRow[]).map(toOrder);
    return { items, total: count(q) };
  };
}

/** Access tokens, or (same shape, own table) the ready webhook's tokens. */
function tokenStore(db: Database.Database, table: "tokens" | "hook_tokens"): Store["tokens"] {
  const all = db.prepare(`SELECT * FROM ${table} ORDER BY created, name`);
  const insert = db.prepare(`INSERT INTO ${table} (name, hash, created, last_used, ip_address) VALUES (?, ?, ?, ?, ?)`);
  const del = db.prepare(`DELETE FROM ${table} WHERE name = ?`);
  const touch = db.prepare(`UPDATE ${table} SET last_used = ?, ip_address = ? WHERE name = ?`);
  return {
    loadAll: () =>
      (
        all.all() as Array<{
          name: string;
          hash: Buffer;
          created: number;
          last_used: number | null;
          ip_address: string | null;
        }>
      ).map((r) => ({
        name: r.name,
        hash: r.hash,
        created: r.created,
        lastUsed: r.last_used,
        ipAddress: r.ip_address,
      })),
    insert: (t: TokenRecord) => {
      insert.run(t.name, t.hash, t.created, t.lastUsed, t.ipAddress);
    },
    delete: (name) => {
      del.run(name);
    },
    touch: (entries) => {
      db.transaction(() => {
        for (const e of entries) touch.run(e.lastUsed, e.ipAddress, e.name);
      })();
    },
  };
}

function trackerStore(db: Database.Database): Store["trackers"] {
  const all = db.prepare("SELECT * FROM trackers ORDER BY CAST(name AS INTEGER), name");
  const upsert = db.prepare(
    `INSERT INTO trackers (name, status, location_name, battery, last_seen, paging_until)
     VALUES (@name, @status, @locationName, @battery, @lastSeen, @pagingUntil)
     ON CONFLICT(name) DO UPDATE SET status = excluded.status, location_name = excluded.location_name,
       battery = excluded.battery, last_seen = excluded.last_seen, paging_until = excluded.paging_until`,
  );
  const clear = db.prepare("DELETE FROM trackers");
  return {
    loadAll: () =>
      (
        all.all() as Array<{
          name: string;
          status: TrackerRecord["status"];
          location_name: string;
          battery: number;
          last_seen: number;
          paging_until: number | null;
        }>
      ).map((r) => ({
        name: r.name,
        status: r.status,
        locationName: r.location_name,
        battery: r.battery,
        lastSeen: r.last_seen,
        pagingUntil: r.paging_until,
      })),
    upsert: (t) => {
      upsert.run(t);
    },
    clear: () => {
      clear.run();
    },
  };
}

function metaStore(db: Database.Database): Store["meta"] {
  const get = db.prepare("SELECT value FROM meta WHERE key = ?");
  const set = db.prepare(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  );
  return {
    get: (key) => (get.get(key) as { value: string } | undefined)?.value,
    set: (key, value) => {
      set.run(key, value);
    },
  };
}

function settingsStore(db: Database.Database): Store["settings"] {
  const all = db.prepare("SELECT key, value FROM settings");
  const set = db.prepare(
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  );
  return {
    load: () => {
      const out: Record<string, unknown> = {};
      for (const r of all.all() as Array<{ key: string; value: string }>) out[r.key] = JSON.parse(r.value);
      return out as Partial<GatewaySettings>;
    },
    save: (values) => {
      db.transaction(() => {
        for (const [k, v] of Object.entries(values)) set.run(k, JSON.stringify(v));
      })();
    },
  };
}

function webhookStore(db: Database.Database): Store["webhooks"] {
  const list = db.prepare(
    `SELECT w.url AS url, w.last_error AS lastError,
       (SELECT count(*) FROM webhook_outbox o WHERE o.url = w.url) AS pending
     FROM webhooks w ORDER BY w.created, w.url`,
  );
  const add = db.prepare("INSERT OR IGNORE INTO webhooks (url, created) VALUES (?, ?)");
  const remove = db.prepare("DELETE FROM webhooks WHERE url = ?");
  const enqueue = db.prepare(
    "INSERT INTO webhook_outbox (url, body, created, next_attempt) SELECT url, @body, @now, @now FROM webhooks",
  );
  return {
    list: () => list.all() as Array<{ url: string; lastError: string | null; pending: number }>,
    add: (url, now) => add.run(url, now).changes > 0,
    remove: (url) => remove.run(url).changes > 0,
    enqueueAll: (body, now) => {
      enqueue.run({ body, now });
    },
  };
}
