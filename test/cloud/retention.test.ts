// Issue 19 point 4: orders by month under the site hash, months made ahead and dropped past
// the retention by the partition job (never a row DELETE), a one-site month query touching one
// leaf (EXPLAIN), and the migration from the hash-only schema keeping every order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/cloud/accounts.js";
import { ingestBatch } from "../../src/cloud/ingest.js";
import { CLOUD_SCHEMA_VERSION, migrateCloud } from "../../src/cloud/migrations.js";
import { listOrders } from "../../src/cloud/orders-query.js";
import { maintainPartitions, monthPartitions } from "../../src/cloud/partitions.js";
import { ENGINE, openTestDb, syncOrder, type TestDb } from "./helpers.js";

let t: TestDb;
let accountId: number;
const TOKEN_HASH = "hash-of-site-token";
const AT = (iso: string) => new Date(iso);

/** Leaf tables an EXPLAIN of this query reads. */
async function leaves(sql: string, params: unknown[]): Promise<string[]> {
  const r = await t.db.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const plan = JSON.stringify(r.rows[0]?.["QUERY PLAN"]);
  return [...new Set([...plan.matchAll(/"Relation Name":"(orders_[a-z0-9_]+)"/g)].map((m) => m[1] as string))].sort();
}

beforeAll(async () => {
  // The schema before month partitions, with orders in it.
  t = await openTestDb(2);
  accountId = (await createAccount(t.db, "Old Chain")).id;
  await t.db.query("INSERT INTO sites (account_id, name, token_hash, activated_at) VALUES ($1, 'A', $2, now())", [
    accountId,
    TOKEN_HASH,
  ]);
  for (const iso of ["2025-01-15T12:00:00Z", "2026-03-10T12:00:00Z", "2026-03-31T23:59:59Z"]) {
    await t.db.query(
      `INSERT INTO orders (site_id, uuid, account_id, version, name, order_type, state, created, state_changed)
       VALUES (1, gen_random_uuid(), $1, 1, '7', 'ON_PREMISE', 'started', $2, $2)`,
      [accountId, iso],
    );
  }
}, 120_000);
afterAll(() => t?.drop());

describe(`orders by month under the site hash on ${ENGINE}`, () => {
  it("migrates the hash-only schema keeping every order, each in its month", async () => {
    expect(await migrateCloud(t.db)).toEqual({ from: 2, to: CLOUD_SCHEMA_VERSION });
    const r = await t.db.query<{ month: string; n: number }>(
      `SELECT c.relname AS month, count(*)::int AS n FROM orders o
       JOIN pg_class c ON c.oid = o.tableoid GROUP BY 1 ORDER BY 1`,
    );
    expect(r.rows.map((x) => x.n).reduce((a, b) => a + b)).toBe(3);
    expect(r.rows.every((x) => /^orders_m\d{6}_p\d+$/.test(x.month))).toBe(true);
    const months = (await monthPartitions(t.db)).map((p) => p.name);
    expect(months).toEqual(expect.arrayContaining(["orders_m202501", "orders_m202603"]));
    const old = await t.db.query("SELECT 1 FROM pg_class WHERE relname = 'orders_v2'");
    expect(old.rows).toEqual([]);
  });

  it("keeps uploads idempotent on the new key; a month with no partition waits in the default one", async () => {
    const o = syncOrder({ created: Date.UTC(2019, 4, 2), stateChanged: Date.UTC(2019, 4, 2) });
    const batch = { zone: "UTC", targetTime: 300, pending: 0, oldestAgeMs: 0, orders: [o] };
    expect(await ingestBatch(t.db, TOKEN_HASH, batch)).toMatchObject({ applied: 1 });
    expect(await ingestBatch(t.db, TOKEN_HASH, batch)).toMatchObject({ applied: 0 });
    expect(await ingestBatch(t.db, TOKEN_HASH, { ...batch, orders: [{ ...o, version: 2 }] })).toMatchObject({
      applied: 1,
    });
    const where = await t.db.query<{ rel: string; version: number }>(
      "SELECT tableoid::regclass::text AS rel, version FROM orders WHERE uuid = $1",
      [o.uuid],
    );
    expect(where.rows).toEqual([{ rel: "orders_default", version: 2 }]);
  });

  it("prunes a one-site month query to one leaf, an account's month to that month's leaves", async () => {
    const month = ["2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"];
    const one = await leaves("SELECT * FROM orders WHERE site_id = $1 AND created >= $2 AND created < $3", [
      1,
      ...month,
    ]);
    expect(one).toHaveLength(1);
    expect(one[0]).toMatch(/^orders_m202603_p\d+$/);
    const all = await leaves("SELECT count(*) FROM orders WHERE account_id = $1 AND created >= $2 AND created < $3", [
      accountId,
      ...month,
    ]);
    expect(all.length).toBeGreaterThan(1);
    expect(all.every((n) => n.startsWith("orders_m202603_p"))).toBe(true);
  });

  it("the job creates months ahead and drops whole months past the longest retention", async () => {
    const now = AT("2027-04-15T00:00:00Z");
    const first = await maintainPartitions(t.db, now);
    // The 2019 order waited in the default partition: its month was made (and moved into), then
    // dropped as past the retention, with the other expired months.
    expect(first.created).toEqual(expect.arrayContaining(["orders_m201905", "orders_m202707"]));
    expect(first.dropped).toEqual(["orders_m201905", "orders_m202501"]);
    expect((await maintainPartitions(t.db, now)).created).toEqual([]);
    let count = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders");
    expect(count.rows[0]?.n).toBe(2); // March 2026 is inside 25 months of April 2027

    // A shorter retention hides older months at once and drops them at the next run.
    await t.db.query("UPDATE accounts SET retention_months = 6 WHERE id = $1", [accountId]);
    const query = { offset: 0, limit: 50 } as Parameters<typeof listOrders>[2];
    expect((await listOrders(t.db, accountId, query)).total).toBe(0);
    const second = await maintainPartitions(t.db, now);
    expect(second.dropped).toContain("orders_m202603");
    count = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders");
    expect(count.rows[0]?.n).toBe(0);
    const kept = (await monthPartitions(t.db)).map((p) => p.name);
    expect(kept.every((n) => n >= "orders_m202610")).toBe(true);
    expect(kept.at(-1)).toBe("orders_m202707");
  });
});
