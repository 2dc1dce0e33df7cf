// Moving a chain from PGlite to a PostgreSQL server (issue 19.8, `opentt cloud --copy-to`):
// every account, site and order arrives with its ids and credential hashes, so admin and upload
// tokens keep working; every month gets its partition; new ids follow the copied ones; a target
// that already holds data is refused and left as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activateSite, authenticateAccount, createAccount, createSite, hashSecret } from "../../src/cloud/accounts.js";
import { copyCloud } from "../../src/cloud/copy.js";
import { type CloudDb, openPglite, type Queryable } from "../../src/cloud/db.js";
import { ingestBatch } from "../../src/cloud/ingest.js";
import { migrateCloud } from "../../src/cloud/migrations.js";
import type { SyncOrder } from "../../src/protocol/sync.js";
import { ENGINE, openTestDb, syncOrder, type TestDb } from "./helpers.js";

let source: CloudDb;
let target: TestDb;
const tokens: { admin: string[]; sites: string[] } = { admin: [], sites: [] };

const batch = (orders: SyncOrder[]) => ({ zone: "Europe/Paris", targetTime: 240, pending: 0, oldestAgeMs: 0, orders });

/** Everything but the WAL stamp, in key order: equal means copied whole. */
async function contents(db: Queryable): Promise<string[]> {
  const q = async (sql: string) => (await db.query<{ j: string }>(sql)).rows.map((r) => r.j);
  return [
    ...(await q("SELECT (to_jsonb(a) - 'write_lsn')::text AS j FROM accounts a ORDER BY id")),
    ...(await q("SELECT to_jsonb(s)::text AS j FROM sites s ORDER BY id")),
    ...(await q("SELECT to_jsonb(o)::text AS j FROM orders o ORDER BY site_id, uuid")),
  ];
}

beforeAll(async () => {
  source = await openPglite();
  await migrateCloud(source);
  for (const name of ["North chain", "South chain"]) {
    const a = await createAccount(source, name);
    tokens.admin.push(a.token);
    for (const site of ["A", "B"]) {
      const code = await createSite(source, a.id, `${name} ${site}`);
      const act = await activateSite(source, { deviceCode: code.deviceCode, serial: `SER-${site}` });
      tokens.sites.push(act.siteToken);
    }
    await createSite(source, a.id, `${name} not activated yet`);
  }
  // Three months, one of them two years old, and more orders than one copy page holds.
  const old = Date.UTC(2024, 0, 15, 12);
  const mid = Date.UTC(2025, 6, 1, 9);
  for (let b = 0; b < 11; b++) {
    const orders = Array.from({ length: 480 }, (_, i) => {
      const t = [old, mid, Date.now() - 60_000][i % 3] as number;
      return syncOrder({ created: t + b * 1000, stateChanged: t + b * 1000, name: String(i) });
    });
    const r = await ingestBatch(source, hashSecret(tokens.sites[b % 4] as string), batch(orders));
    expect(r?.applied).toBe(480);
  }
  target = await openTestDb();
}, 120_000);
afterAll(async () => {
  await source?.close();
  await target?.drop();
});

describe(`copying a cloud from PGlite to ${ENGINE}`, () => {
  it("copies every account, site and order with its ids; tokens keep working", async () => {
    const r = await copyCloud(source, target.db);
    expect(r).toEqual({ accounts: 2, sites: 6, orders: 11 * 480 });
    expect(await contents(target.db)).toEqual(await contents(source));
    const waiting = await target.db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders_default");
    expect(waiting.rows[0]?.n).toBe(0);
    for (const t of tokens.admin) await authenticateAccount(target.db, `Bearer ${t}`);
    const up = await ingestBatch(target.db, hashSecret(tokens.sites[0] as string), batch([syncOrder()]));
    expect(up?.applied).toBe(1);
    // New rows take ids after the copied ones.
    const next = await createAccount(target.db, "After the move");
    expect(next.id).toBe(3);
    const site = await createSite(target.db, next.id, "New site");
    expect(site.siteId).toBe(7);
  });

  it("refuses a target that already holds accounts, and leaves it as it was", async () => {
    const before = await contents(target.db);
    await expect(copyCloud(source, target.db)).rejects.toThrow(/already holds accounts: copy into an empty database/);
    expect(await contents(target.db)).toEqual(before);
  });
});
