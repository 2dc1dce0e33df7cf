// Issue 19 point 7: a site's month is read from a few pages, not one page an order. Ingest
// interleaves sites; clusterEndedMonths rewrites each site partition of an ended month in
// (site_id, created) order, once, and leaves the month still being written alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/cloud/accounts.js";
import { ingestBatch } from "../../src/cloud/ingest.js";
import { listOrders } from "../../src/cloud/orders-query.js";
import { clusterEndedMonths } from "../../src/cloud/partitions.js";
import { ENGINE, openTestDb, syncOrder, type TestDb } from "./helpers.js";

let t: TestDb;
let accountId: number;
const real = new Date();
const y = real.getUTCFullYear();
const m = real.getUTCMonth();
const name = (d: Date) => `orders_m${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
const lastMonth = name(new Date(Date.UTC(y, m - 1, 1)));
const thisMonth = name(new Date(Date.UTC(y, m, 1)));
const SITES = 6;

/** Each leaf of a month: its rows in physical order, and whether it is marked clustered. */
async function leavesOf(month: string) {
  const leaves = await t.db.query<{ leaf: string; clustered: boolean }>(
    `SELECT c.relname AS leaf, coalesce(bool_or(i.indisclustered), false) AS clustered
       FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid LEFT JOIN pg_index i ON i.indrelid = c.oid
      WHERE h.inhparent = $1::regclass GROUP BY 1 ORDER BY 1`,
    [month],
  );
  return Promise.all(
    leaves.rows.map(async (l) => {
      const rows = await t.db.query<{ site_id: number; ms: number }>(
        `SELECT site_id, (extract(epoch FROM created) * 1000)::float8 AS ms FROM ${l.leaf} ORDER BY ctid`,
      );
      return { ...l, rows: rows.rows };
    }),
  );
}

beforeAll(async () => {
  t = await openTestDb();
  accountId = (await createAccount(t.db, "Chain")).id;
  for (let s = 1; s <= SITES; s++) {
    await t.db.query("INSERT INTO sites (account_id, name, token_hash, activated_at) VALUES ($1, $2, $3, now())", [
      accountId,
      `S${s}`,
      `hash-${s}`,
    ]);
  }
  // As ingest writes them: every site's orders interleaved, oldest first, in both months.
  for (const start of [Date.UTC(y, m - 1, 3), Date.UTC(y, m, 1, 1)]) {
    for (let k = 0; k < 40; k++) {
      for (let s = 1; s <= SITES; s++) {
        const at = start + k * 3_600_000 + s * 1000;
        const o = syncOrder({ created: at, stateChanged: at });
        const batch = { zone: "UTC", targetTime: 300, pending: 0, oldestAgeMs: 0, orders: [o] };
        await ingestBatch(t.db, `hash-${s}`, batch);
      }
    }
  }
}, 120_000);
afterAll(() => t?.drop());

describe(`ended months ordered by site on ${ENGINE}`, () => {
  const now = new Date(Date.UTC(y, m, 2, 12));

  it("rewrites each site partition of the ended month in (site, newest first) order", async () => {
    const before = await listOrders(t.db, accountId, { offset: 0, limit: 500, siteId: 3 });
    expect((await leavesOf(lastMonth)).every((l) => !l.clustered)).toBe(true);
    const interleaved = (await leavesOf(lastMonth)).some((l) => new Set(l.rows.map((r) => r.site_id)).size > 1);
    expect(interleaved).toBe(true); // with 6 sites over 16 partitions, some share one

    const done = await clusterEndedMonths(t.db, now);
    expect(done.length).toBe(16);
    expect(done.every((leaf) => leaf.startsWith(`${lastMonth}_p`))).toBe(true);
    for (const leaf of await leavesOf(lastMonth)) {
      expect(leaf.clustered).toBe(true);
      const sorted = [...leaf.rows].sort((a, b) => a.site_id - b.site_id || b.ms - a.ms);
      expect(leaf.rows).toEqual(sorted);
    }
    // Nothing else changed: the same orders, in the same answer.
    expect(await listOrders(t.db, accountId, { offset: 0, limit: 500, siteId: 3 })).toEqual(before);
  });

  it("leaves the current month alone, and does a month once", async () => {
    expect((await leavesOf(thisMonth)).some((l) => l.clustered)).toBe(false);
    expect(await clusterEndedMonths(t.db, now)).toEqual([]);
  });

  it("waits a day after a month ends for late uploads", async () => {
    const t0 = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE i.indisclustered AND c.relname LIKE $1",
      [`${thisMonth}_p%`],
    );
    expect(t0.rows[0]?.n).toBe(0);
    const nextFirst = new Date(Date.UTC(y, m + 1, 1, 12));
    expect(await clusterEndedMonths(t.db, nextFirst)).toEqual([]);
    const nextSecond = new Date(Date.UTC(y, m + 1, 2, 0, 0, 1));
    const taken = await clusterEndedMonths(t.db, nextSecond);
    expect(taken).toHaveLength(16);
    expect(taken.every((l) => l.startsWith(`${thisMonth}_p`))).toBe(true);
  });

  it("stops between partitions when asked", async () => {
    const later = new Date(Date.UTC(y, m + 3, 2));
    let calls = 0;
    const done = await clusterEndedMonths(t.db, later, () => calls++ >= 2);
    expect(done).toHaveLength(2);
  });
});
