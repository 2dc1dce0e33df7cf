// The cloud schema, versioned like the gateway's: each step runs once, in order, in one
// transaction, under an advisory lock so two cloud processes starting together cannot both
// migrate. Never edit a shipped step: add the next one. Index choices: docs/cloud.md.
import type { CloudDb, Queryable } from "./db.js";
import { DEFAULT_RETENTION_MONTHS, ensureMonths } from "./partitions.js";

/** Orders are spread over this many hash partitions of site_id (see ORDERS below). */
const ORDER_PARTITIONS = 16;

const partitions = Array.from(
  { length: ORDER_PARTITIONS },
  (_, i) =>
    `CREATE TABLE orders_p${i} PARTITION OF orders FOR VALUES WITH (MODULUS ${ORDER_PARTITIONS}, REMAINDER ${i});`,
).join("\n");

const ORDER_COLUMNS = `site_id, uuid, account_id, version, name, order_type, location_name, state, created,
  state_changed, located_at, paged_at, cleared_at, cleared_reason, paged, received_at`;

const steps: Array<string | ((q: Queryable) => Promise<void>)> = [
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
  // 3: orders by month (range on created), each month hash-partitioned by site (partitions.ts), a
  // retention per account, existing orders copied into their months. `created` joins the key:
  // PostgreSQL enforces uniqueness only with every partition key in it, and an order's created
  // never changes, so (site_id, uuid, created) is as unique as (site_id, uuid).
  async (q) => {
    await q.exec(`
      ALTER TABLE orders RENAME TO orders_v2;
      ALTER INDEX orders_pkey RENAME TO orders_v2_pkey;
      ALTER INDEX orders_site_created RENAME TO orders_v2_site_created;
      ALTER INDEX orders_account_created RENAME TO orders_v2_account_created;
      ALTER TABLE accounts ADD COLUMN retention_months integer NOT NULL DEFAULT ${DEFAULT_RETENTION_MONTHS}
        CHECK (retention_months BETWEEN 1 AND 240);
      CREATE TABLE orders (LIKE orders_v2 INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
        PRIMARY KEY (site_id, uuid, created)) PARTITION BY RANGE (created);
      -- Rows of a month with no partition yet wait here; the partition job moves them (partitions.ts).
      CREATE TABLE orders_default PARTITION OF orders DEFAULT;
      CREATE INDEX orders_site_created ON orders (site_id, created DESC);
      CREATE INDEX orders_account_created ON orders (account_id, created DESC);`);
    await ensureMonths(q, new Date(), "orders_v2");
    await q.exec(`INSERT INTO orders (${ORDER_COLUMNS}) SELECT ${ORDER_COLUMNS} FROM orders_v2; DROP TABLE orders_v2;`);
  },
  // 4: [opentt] the kitchen's ready mark (issue 18), uploaded by gateways that have it. Existing
  // orders keep every value and read as never marked (NULL); no table is rewritten.
  `ALTER TABLE orders ADD COLUMN ready_at timestamptz;`,
  // 5: admin token rotation (the previous token, good until old_token_expires: the overlap) and the
  // device-code limits (rate-limits.ts). Counters live here, not in a process: every cloud
  // process behind the load balancer must see the same count.
  `
  ALTER TABLE accounts ADD COLUMN old_token_hash text UNIQUE, ADD COLUMN old_token_expires timestamptz,
    ADD COLUMN codes_window_start timestamptz, ADD COLUMN codes_in_window integer NOT NULL DEFAULT 0;
  CREATE TABLE activation_failures (
    source text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    failures integer NOT NULL
  );`,
];

export const CLOUD_SCHEMA_VERSION = steps.length;

const LOCK_ID = 7_301_010; // any constant shared by every cloud process

/** `upTo` stops at an older version (tests of a migration's data path). */
export async function migrateCloud(db: CloudDb, upTo = steps.length): Promise<{ from: number; to: number }> {
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
    for (let v = from; v < Math.min(steps.length, upTo); v++) {
      const step = steps[v] as string | ((q: Queryable) => Promise<void>);
      if (typeof step === "string") await q.exec(step);
      else await step(q);
      await q.query("INSERT INTO cloud_migrations (version) VALUES ($1)", [v + 1]);
    }
    return { from, to: Math.max(from, Math.min(steps.length, upTo)) };
  });
}
