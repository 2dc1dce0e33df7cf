// The cloud schema, versioned like the gateway's: each step runs once, in order, in one
// transaction, under an advisory lock so two cloud processes starting together cannot both
// migrate. Never edit a shipped step: add the next one. Index choices: docs/cloud.md.
import type { CloudDb } from "./db.js";

/** Orders are spread over this many hash partitions of site_id (see ORDERS below). */
export const ORDER_PARTITIONS = 16;

const partitions = Array.from(
  { length: ORDER_PARTITIONS },
  (_, i) =>
    `CREATE TABLE orders_p${i} PARTITION OF orders FOR VALUES WITH (MODULUS ${ORDER_PARTITIONS}, REMAINDER ${i});`,
).join("\n");

const steps: string[] = [
  // 1: accounts, sites (with their device code and the bound gateway's upload credential), orders.
  `
  CREATE TABLE accounts (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE sites (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name text NOT NULL,
    created timestamptz NOT NULL DEFAULT now(),
    -- SHA-256 of the one-time device code; NULL once used.
    device_code_hash text UNIQUE,
    device_code_expires timestamptz,
    -- SHA-256 of the bound gateway's upload token; a new activation replaces it.
    token_hash text UNIQUE,
    gateway_serial text,
    activated_at timestamptz,
    zone text NOT NULL DEFAULT 'UTC',
    target_time integer NOT NULL DEFAULT 300,
    last_seen timestamptz,
    last_upload timestamptz,
    sync_lag_ms bigint,
    pending integer NOT NULL DEFAULT 0,
    orders_received bigint NOT NULL DEFAULT 0
  );
  CREATE INDEX sites_account ON sites(account_id, id);
  -- The idempotency key is (site_id, uuid); version decides which copy wins. Hash partitions of
  -- site_id keep each index a sixteenth of the whole, let vacuum work partition by partition, and
  -- prune a one-site query to one partition, without DDL at ingest time.
  CREATE TABLE orders (
    site_id integer NOT NULL,
    uuid uuid NOT NULL,
    account_id integer NOT NULL,
    version integer NOT NULL,
    name text NOT NULL,
    order_type text NOT NULL,
    location_name text,
    state text NOT NULL,
    created timestamptz NOT NULL,
    state_changed timestamptz NOT NULL,
    located_at timestamptz,
    paged_at timestamptz,
    cleared_at timestamptz,
    cleared_reason text,
    paged boolean NOT NULL DEFAULT false,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, uuid)
  ) PARTITION BY HASH (site_id);
  ${partitions}
  -- A month of one site, newest first: one index range walk in one partition.
  CREATE INDEX orders_site_created ON orders (site_id, created DESC);
  -- Every site of an account by date (the multi-site list and statistics).
  CREATE INDEX orders_account_created ON orders (account_id, created DESC);
  `,
  // 2: the WAL position after an account's last write, for read-your-writes on a replica (replica.ts).
  `ALTER TABLE accounts ADD COLUMN write_lsn pg_lsn;`,
];

export const CLOUD_SCHEMA_VERSION = steps.length;

const LOCK_ID = 7_301_010; // any constant shared by every cloud process

export async function migrateCloud(db: CloudDb): Promise<{ from: number; to: number }> {
  return db.transaction(async (q) => {
    await q.query("SELECT pg_advisory_xact_lock($1)", [LOCK_ID]);
    await q.exec(
      "CREATE TABLE IF NOT EXISTS cloud_migrations (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())",
    );
    const r = await q.query<{ v: number | null }>("SELECT max(version) AS v FROM cloud_migrations");
    const from = r.rows[0]?.v ?? 0;
    if (from > steps.length) {
      throw new Error(
        `The cloud schema is version ${from}, newer than this opentt knows (${steps.length}): upgrade opentt`,
      );
    }
    for (let v = from; v < steps.length; v++) {
      await q.exec(steps[v] as string);
      await q.query("INSERT INTO cloud_migrations (version) VALUES ($1)", [v + 1]);
    }
    return { from, to: steps.length };
  });
}
