// [opentt] The kitchen's ready mark in the cloud (issue 18): readyAt travels in the upload, the
// cloud stores it (migration 4 adds the column and keeps every existing order), its order list
// shows readyTime and readyToDeliveredTime and its statistics the ready → delivered average; an
// older gateway that sends no readyAt keeps working; and a real gateway's bump reaches the cloud.
// On real PostgreSQL when OPENTT_TEST_PG_URL is set (as CI does), else PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/cloud/accounts.js";
import { ingestBatch } from "../../src/cloud/ingest.js";
import { CLOUD_SCHEMA_VERSION, migrateCloud } from "../../src/cloud/migrations.js";
import { listOrders } from "../../src/cloud/orders-query.js";
import { siteDailyStatistics } from "../../src/cloud/statistics.js";
import { parseSyncBatch, type SyncOrder } from "../../src/protocol/sync.js";
import { call, getToken, startTestGateway } from "../helpers/gateway.js";
import { ENGINE, openTestDb, startTestCloud, syncOrder, type TestDb, waitFor } from "./helpers.js";

const TOKEN_HASH = "hash-of-ready-site";
const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);
const batch = (orders: unknown[]) =>
  parseSyncBatch({ zone: "UTC", targetTime: 300, pending: 0, oldestAgeMs: 0, orders });
/** An upload as a gateway older than the ready mark sends it: no readyAt key at all. */
const legacy = (o: SyncOrder) => {
  const { readyAt: _r, ...rest } = o;
  return rest;
};

describe(`ready mark in the cloud on ${ENGINE}`, () => {
  let t: TestDb;
  let accountId: number;
  const kept = syncOrder({ name: "41", created: T0, stateChanged: T0 });

  beforeAll(async () => {
    // The schema before the ready mark, with an order in it.
    t = await openTestDb(3);
    accountId = (await createAccount(t.db, "Ready Chain")).id;
    await t.db.query("INSERT INTO sites (account_id, name, token_hash, activated_at) VALUES ($1, 'R', $2, now())", [
      accountId,
      TOKEN_HASH,
    ]);
    await t.db.query(
      `INSERT INTO orders (site_id, uuid, account_id, version, name, order_type, state, created, state_changed)
       SELECT id, $1, $2, 1, '41', 'ON_PREMISE', 'started', $3, $3 FROM sites WHERE token_hash = $4`,
      [kept.uuid, accountId, new Date(T0), TOKEN_HASH],
    );
  }, 120_000);
  afterAll(() => t?.drop());

  const list = async () =>
    new Map(
      (
        await listOrders(t.db, accountId, {
          offset: 0,
          limit: 100,
          dateFrom: "2026-03-01T00:00:00",
          dateTo: "2026-04-01T00:00:00",
        })
      ).items.map((o) => [o.name, o]),
    );

  it("migration 4 adds ready_at and keeps every existing order, unmarked", async () => {
    expect(await migrateCloud(t.db)).toEqual({ from: 3, to: CLOUD_SCHEMA_VERSION });
    const r = await t.db.query<{ name: string; version: number; ready_at: Date | null }>(
      "SELECT name, version, ready_at FROM orders",
    );
    expect(r.rows).toEqual([{ name: "41", version: 1, ready_at: null }]);
    const o = (await list()).get("41");
    expect(o).toMatchObject({ name: "41", orderStarted: "2026-03-10T12:00:00" });
    expect(o).not.toHaveProperty("readyTime");
  });

  it("stores readyAt; the order list shows readyTime and ready → delivered; statistics average it", async () => {
    const ready = syncOrder({
      name: "42",
      version: 4,
      state: "cleared",
      created: T0,
      stateChanged: T0 + 400_000,
      locatedAt: T0 + 60_000,
      readyAt: T0 + 300_000,
      clearedAt: T0 + 400_000,
      clearedReason: "TRACKER",
    });
    // An older gateway's cleared order: no readyAt key, still accepted.
    const old = legacy(
      syncOrder({
        name: "43",
        version: 3,
        state: "cleared",
        created: T0,
        stateChanged: T0 + 200_000,
        clearedAt: T0 + 200_000,
        clearedReason: "TRACKER",
      }),
    );
    expect(await ingestBatch(t.db, TOKEN_HASH, batch([ready, old]))).toMatchObject({ accepted: 2, applied: 2 });
    const orders = await list();
    expect(orders.get("42")).toMatchObject({
      readyTime: "2026-03-10T12:05:00",
      readyToDeliveredTime: 100,
      deliveryTime: 400,
    });
    expect(orders.get("43")).toMatchObject({ deliveryTime: 200 });
    expect(orders.get("43")).not.toHaveProperty("readyTime");
    const [day] = await siteDailyStatistics(t.db, accountId, {
      dateFrom: "2026-03-10T00:00:00",
      dateTo: "2026-03-11T00:00:00",
    });
    expect(day).toMatchObject({ delivered: 2, readyDelivered: 1, averageReadyToDelivered: 100 });
  });

  it("a newer version with readyAt null (the bump undone) clears it; an older one changes nothing", async () => {
    const marked = syncOrder({ name: "44", version: 2, created: T0, stateChanged: T0, readyAt: T0 + 1000 });
    await ingestBatch(t.db, TOKEN_HASH, batch([marked]));
    expect((await list()).get("44")).toHaveProperty("readyTime", "2026-03-10T12:00:01");
    await ingestBatch(t.db, TOKEN_HASH, batch([{ ...marked, version: 3, readyAt: null }]));
    expect((await list()).get("44")).not.toHaveProperty("readyTime");
    await ingestBatch(t.db, TOKEN_HASH, batch([marked]));
    expect((await list()).get("44")).not.toHaveProperty("readyTime");
  });
});

describe("the upload's readyAt", () => {
  it("is optional (null when absent), and must be epoch ms or null", () => {
    expect(batch([legacy(syncOrder())]).orders[0]?.readyAt).toBeNull();
    expect(batch([syncOrder({ readyAt: 5 })]).orders[0]?.readyAt).toBe(5);
    expect(() => batch([{ ...syncOrder(), readyAt: "12:00" }])).toThrow(/orders\[0\]\.readyAt/);
    expect(() => batch([{ ...syncOrder(), readyAt: -1 }])).toThrow(/orders\[0\]\.readyAt/);
  });
});

describe(`a gateway's ready mark reaches the cloud on ${ENGINE}`, () => {
  it("bump, then clear: the cloud's order has readyTime and readyToDeliveredTime", { timeout: 60_000 }, async () => {
    const c = await startTestCloud();
    const t = await startTestGateway({}, { cloudUploader: { baseDelayMs: 20, maxDelayMs: 100, pollMs: 20 } });
    try {
      const token = await getToken(t);
      const site = await call(c.base, "POST", "/cloud/v1/sites", { token: c.token, body: { name: "Bump" } });
      const act = await call(t.base, "POST", "/api/v2/cloud/activate", {
        token,
        body: { deviceCode: site.body.deviceCode, cloud: c.base },
      });
      expect(act.body).toMatchObject({ returnCode: 1011 });
      await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "61", orderType: "TO_GO" } });
      await call(t.base, "POST", "/api/v2/activeorders/61/ready", { token });
      await call(t.base, "DELETE", "/api/v2/activeorders/61", { token });
      const local = await call(t.base, "GET", "/api/v2/orders", { token });
      const item = (local.body.items as Array<Record<string, unknown>>)[0];
      expect(item).toMatchObject({ name: "61", state: "cleared", readyTime: expect.any(String) });
      const cloud = await waitFor("the cleared, ready order in the cloud", async () => {
        const r = await call(c.base, "GET", "/cloud/v1/orders", { token: c.token });
        const o = (r.body.items as Array<Record<string, unknown>>).find((x) => x.name === "61");
        return o?.state === "cleared" ? o : undefined;
      });
      expect(cloud).toMatchObject({
        readyTime: item?.readyTime,
        readyToDeliveredTime: item?.readyToDeliveredTime,
        orderCleared: item?.orderCleared,
      });
    } finally {
      await t.stop();
      await c.stop();
    }
  });
});
