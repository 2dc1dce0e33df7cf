// Versioned schema. Each step runs once, in order, inside a transaction; the version lives in
// SQLite's user_version. Never edit a shipped step: add the next one.
import type Database from "better-sqlite3";
import { backfillOrderCounts, ORDER_COUNTS_SCHEMA } from "./order-counts.js";

// SQL, or a function for a step that also has to fill what it creates.
const steps: Array<string | ((db: Database.Database) => void)> = [
  // 1: orders, tokens, settings, trackers, webhooks and their outbox, meta (seq, serial, clock).
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    order_type TEXT NOT NULL,
    location_name TEXT,
    state TEXT NOT NULL,
    created INTEGER NOT NULL,
    state_changed INTEGER NOT NULL,
    located_at INTEGER,
    paged_at INTEGER,
    cleared_at INTEGER,
    cleared_reason TEXT,
    paged INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1
  );
  -- One active order per name (spec §2); history keeps any number.
  CREATE UNIQUE INDEX orders_active_name ON orders(name) WHERE state <> 'cleared';
  -- History pages are newest first, filtered by date, type or table: each filter has an index
  -- that ends in created, so a page is a short index walk at any table size.
  CREATE INDEX orders_created ON orders(created);
  CREATE INDEX orders_type_created ON orders(order_type, created);
  CREATE INDEX orders_location_created ON orders(location_name, created);
  CREATE INDEX orders_name_created ON orders(name, created);
  CREATE INDEX orders_cleared_at ON orders(cleared_at) WHERE cleared_at IS NOT NULL;
  CREATE TABLE tokens (
    name TEXT PRIMARY KEY,
    hash BLOB NOT NULL UNIQUE,
    created INTEGER NOT NULL,
    last_used INTEGER,
    ip_address TEXT
  );
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE trackers (
    name TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    location_name TEXT NOT NULL DEFAULT '',
    battery INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    paging_until INTEGER
  );
  CREATE TABLE webhooks (
    url TEXT PRIMARY KEY,
    created INTEGER NOT NULL,
    last_error TEXT
  );
  CREATE TABLE webhook_outbox (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL REFERENCES webhooks(url) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt INTEGER NOT NULL
  );
  CREATE INDEX webhook_outbox_url ON webhook_outbox(url, id);
  `,
  // 2: the cloud binding (at most one row) and the cloud outbox: the latest version of each
  // changed order, written in the order change's transaction, kept until the cloud acknowledges
  // it. The body is stored so an order purged locally before its upload still reaches the cloud.
  `
  CREATE TABLE cloud_binding (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    cloud_url TEXT NOT NULL,
    site_id INTEGER NOT NULL,
    site_name TEXT NOT NULL,
    account_id INTEGER NOT NULL,
    account_name TEXT NOT NULL,
    site_token TEXT NOT NULL,
    activated INTEGER NOT NULL
  );
  CREATE TABLE cloud_outbox (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    queued INTEGER NOT NULL
  );
  `,
  // 3: per-hour order counts and the triggers that keep them (order-counts.ts), counted from the
  // orders already stored, so the history total stops walking every matching order.
  (db) => {
    db.exec(ORDER_COUNTS_SCHEMA);
    backfillOrderCounts(db);
  },
];

export const SCHEMA_VERSION = steps.length;

/**
 * The schema version of db; throws, before anything is written to the file, when a newer opentt
 * made it: this one would not know its tables and must not touch it (not even its journal mode).
 */
export function knownSchemaVersion(db: Database.Database): number {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > steps.length) {
    throw new Error(
      `The database schema is version ${version}, newer than this opentt knows (${steps.length}): upgrade opentt or use another --data folder`,
    );
  }
  return version;
}

/** `to` below the latest builds an old database for upgrade tests. */
export function migrate(db: Database.Database, to = steps.length): { from: number; to: number } {
  if (!Number.isInteger(to) || to < 0 || to > steps.length) throw new RangeError(`no schema version ${to}`);
  const from = knownSchemaVersion(db);
  for (let v = from; v < to; v++) {
    db.transaction(() => {
      const step = steps[v] as (typeof steps)[number];
      if (typeof step === "string") db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return { from, to: Math.max(from, to) };
}
