// The cloud service on its own: migrations, accounts and device codes, idempotent uploads,
// and the multi-site queries, on real PostgreSQL when OPENTT_TEST_PG_URL is set, else PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/cloud/accounts.js";
import { CLOUD_SCHEMA_VERSION, migrateCloud } from "../../src/cloud/migrations.js";
import type { SyncBatch, SyncOrder } from "../../src/protocol/sync.js";
import { call } from "../helpers/gateway.js";
import { ENGINE, startTestCloud, syncOrder, type TestCloud } from "./helpers.js";

const T0 = Date.UTC(2026, 2, 10, 15, 0, 0); // 2026-03-10 11:00 in New York, 16:00 in Paris

const order = (over: Partial<SyncOrder> = {}): SyncOrder => syncOrder({ created: T0, stateChanged: T0, ...over });

/** An order delivered `sit` s after start to table `table` and cleared by its tracker after `delivery` s. */
function delivered(created: number, sit: number, delivery: number, over: Partial<SyncOrder> = {}): SyncOrder {
  return order({
    version: 3,
    state: "cleared",
    created,
    stateChanged: created + delivery * 1000,
    locationName: "7",
    locatedAt: created + sit * 1000,
    clearedAt: created + delivery * 1000,
    clearedReason: "TRACKER",
    ...over,
  });
}

let c: TestCloud;

async function newSite(name: string, token = c.token): Promise<{ siteId: number; siteToken: string }> {
  const created = await call(c.base, "POST", "/cloud/v1/sites", { token, body: { name } });
  expect(created.status).toBe(201);
  const act = await call(c.base, "POST", "/cloud/v1/activate", {
    body: { deviceCode: created.body.deviceCode, serial: `SER-${name}` },
  });
  expect(act.status).toBe(200);
  return { siteId: act.body.siteId as number, siteToken: act.body.siteToken as string };
}

function upload(siteToken: string, orders: SyncOrder[], extra: Partial<SyncBatch> = {}) {
  const body: SyncBatch = { zone: "UTC", targetTime: 300, pending: 0, oldestAgeMs: 0, orders, ...extra };
  return call(c.base, "POST", "/cloud/v1/sync", { token: siteToken, body });
}

beforeAll(async () => {
  c = await startTestCloud();
}, 60_000);
afterAll(() => c?.stop());

describe(`cloud service on ${ENGINE}`, () => {
  it("migrates once: a second run applies nothing", async () => {
    expect(await migrateCloud(c.db)).toEqual({ from: CLOUD_SCHEMA_VERSION, to: CLOUD_SCHEMA_VERSION });
    const info = await call(c.base, "GET", "/cloud/v1");
    expect(info.body).toMatchObject({
      status: 200,
      service: "opentt-cloud",
      schema: CLOUD_SCHEMA_VERSION,
      engine: ENGINE,
    });
  });

  it("refuses account routes without a valid admin token", async () => {
    expect((await call(c.base, "GET", "/cloud/v1/sites")).body).toMatchObject({ status: 401, returnCode: -2 });
    const malformed = await call(c.base, "GET", "/cloud/v1/sites", { headers: { authorization: "Bearer nope" } });
    expect(malformed.body).toMatchObject({ status: 400, returnCode: -1 });
    const unknown = await call(c.base, "GET", "/cloud/v1/orders", { token: "ab".repeat(32) });
    expect(unknown.body).toMatchObject({ status: 401, returnCode: -2 });
  });

  it("issues a one-time device code per site; malformed, missing, used and expired codes are refused", async () => {
    const created = await call(c.base, "POST", "/cloud/v1/sites", { token: c.token, body: { name: "Codes" } });
    expect(created.status).toBe(201);
    expect(created.body.deviceCode).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const code = created.body.deviceCode as string;
    const act = (body: unknown) => call(c.base, "POST", "/cloud/v1/activate", { body });
    expect((await act({})).body).toMatchObject({ status: 400, returnCode: -18 });
    expect((await act({ deviceCode: "ABC" })).body).toMatchObject({ status: 400, returnCode: -17 });
    expect((await act({ deviceCode: "ZZZZ-ZZZZ" })).body).toMatchObject({ status: 400, returnCode: -19 });
    // Lower case and no dash are the same code.
    const ok = await act({ deviceCode: code.replace("-", "").toLowerCase(), serial: "X1" });
    expect(ok.body).toMatchObject({
      status: 200,
      siteId: created.body.siteId,
      siteName: "Codes",
      accountId: c.accountId,
    });
    expect(ok.body.siteToken).toMatch(/^[0-9a-f]{64}$/);
    expect((await act({ deviceCode: code })).body).toMatchObject({ status: 400, returnCode: -19 });

    const again = await call(c.base, "POST", `/cloud/v1/sites/${created.body.siteId}/device-code`, { token: c.token });
    await c.db.query("UPDATE sites SET device_code_expires = now() - interval '1 second' WHERE id = $1", [
      created.body.siteId,
    ]);
    expect((await act({ deviceCode: again.body.deviceCode })).body).toMatchObject({ returnCode: -19 });
  });

  it("keeps one copy per (site, uuid): replays apply nothing and the higher version wins", async () => {
    const { siteId, siteToken } = await newSite("Idempotent");
    const o = order();
    expect((await upload(siteToken, [o])).body).toMatchObject({ status: 200, accepted: 1, applied: 1 });
    expect((await upload(siteToken, [o])).body).toMatchObject({ accepted: 1, applied: 0 });
    const v3 = delivered(T0, 60, 240, { uuid: o.uuid });
    expect((await upload(siteToken, [v3])).body).toMatchObject({ applied: 1 });
    // An older version arriving late (reordered retry) must not roll the order back.
    expect((await upload(siteToken, [{ ...o, version: 2, state: "located", locationName: "9" }])).body).toMatchObject({
      applied: 0,
    });
    // Two versions of one order in one batch: the newest is kept.
    const p = order({ name: "13" });
    const r = await upload(siteToken, [
      p,
      { ...p, version: 2, state: "located", locationName: "4", locatedAt: T0 + 5000 },
    ]);
    expect(r.body).toMatchObject({ accepted: 2, applied: 1 });
    const rows = await c.db.query<{ uuid: string; version: number; state: string; location_name: string | null }>(
      "SELECT uuid, version, state, location_name FROM orders WHERE site_id = $1 ORDER BY name",
      [siteId],
    );
    expect(rows.rows).toEqual([
      { uuid: o.uuid, version: 3, state: "cleared", location_name: "7" },
      { uuid: p.uuid, version: 2, state: "located", location_name: "4" },
    ]);
    // An upload token is a site credential, not an account one, and vice versa.
    expect((await call(c.base, "GET", "/cloud/v1/sites", { token: siteToken })).status).toBe(401);
    expect((await upload(c.token, [o])).status).toBe(401);
  });

  it("checks every uploaded order field by field", async () => {
    const { siteToken } = await newSite("Strict");
    const bad = await upload(siteToken, [{ ...order(), created: "yesterday" as unknown as number }]);
    expect(bad.body).toMatchObject({ status: 400, returnCode: -31 });
    expect(String(bad.body.message)).toContain("orders[0].created");
    expect((await upload(siteToken, [{ ...order(), uuid: "x" }])).body).toMatchObject({ returnCode: -31 });
  });
});

describe(`multi-site queries on ${ENGINE}`, () => {
  let other: { token: string };
  let ny: number;
  let paris: number;

  beforeAll(async () => {
    const a = await newSite("New York");
    const b = await newSite("Paris");
    ny = a.siteId;
    paris = b.siteId;
    const day = 86_400_000;
    await upload(
      a.siteToken,
      [
        delivered(T0, 30, 100, { name: "1", locationName: "5" }),
        delivered(T0 + 60_000, 60, 200, { name: "2", orderType: "TO_GO" }),
        delivered(T0 + 120_000, 90, 300, { name: "3" }),
        delivered(T0 + 180_000, 120, 400, { name: "4" }),
        // Cleared automatically after 12 h: counted as an order, not as a delivery.
        delivered(T0 + 240_000, 100, 43_200, { name: "5", clearedReason: "AUTOMATIC" }),
        delivered(T0 + day, 10, 50, { name: "6" }),
        order({ name: "7", created: T0 + 2 * day, stateChanged: T0 + 2 * day }),
      ],
      { zone: "America/New_York", targetTime: 250, pending: 3, oldestAgeMs: 200_000 },
    );
    // 23:30 UTC on the 10th is already the 11th in Paris.
    await upload(b.siteToken, [delivered(Date.UTC(2026, 2, 10, 23, 30), 20, 500, { name: "1" })], {
      zone: "Europe/Paris",
    });
    const acct = await createAccount(c.db, "Someone Else");
    other = { token: acct.token };
    await call(c.base, "POST", "/cloud/v1/sites", { token: acct.token, body: { name: "Not yours" } });
  });

  const get = (route: string, token = c.token) => call(c.base, "GET", route, { token });

  it("lists every site's orders newest first, with site and account ids and site-local times", async () => {
    const r = await get(`/cloud/v1/orders?site=${ny}&limit=3`);
    expect(r.body).toMatchObject({ status: 200, count: 3, total: 7 });
    const items = r.body.items as Array<Record<string, unknown>>;
    expect(items.map((i) => i.name)).toEqual(["7", "6", "5"]);
    expect(items[1]).toMatchObject({
      type: "ORDER_SUMMARY",
      siteId: ny,
      siteName: "New York",
      accountId: c.accountId,
      state: "cleared",
      orderStarted: "2026-03-11T11:00:00",
      orderLocated: "2026-03-11T11:00:10",
      orderClearedReason: "TRACKER",
      timeToSit: 10,
      deliveryTime: 50,
    });
    const page2 = await get(`/cloud/v1/orders?site=${ny}&limit=3&offset=3`);
    expect((page2.body.items as Array<{ name: string }>).map((i) => i.name)).toEqual(["4", "3", "2"]);
    const all = await get("/cloud/v1/orders");
    expect(all.body.total).toBeGreaterThanOrEqual(8);
  });

  it("filters by order type, order number, table, site and site-local dates", async () => {
    const names = async (q: string) =>
      ((await get(`/cloud/v1/orders?${q}`)).body.items as Array<{ name: string; siteId: number }>)
        .map(
          // Only the two sites of this block: the account's other sites hold orders on the 10th too.
          (i) => `${i.siteId === ny ? "NY" : i.siteId === paris ? "PA" : "?"}${i.name}`,
        )
        .filter((n) => !n.startsWith("?"));
    expect(await names(`site=${ny}&orderType=TO_GO`)).toEqual(["NY2"]);
    expect(await names(`site=${ny}&tableNumber=5`)).toEqual(["NY1"]);
    expect(await names("orderNumber=1&dateFrom=2026-03-10&dateTo=2026-03-11")).toEqual(["PA1", "NY1"]);
    // The 10th in New York holds NY1-NY5; Paris's only order is on its 11th.
    expect(await names("dateFrom=2026-03-10&dateTo=2026-03-10")).toEqual(["NY5", "NY4", "NY3", "NY2", "NY1"]);
    expect(await names(`site=${paris}&dateFrom=2026-03-11&dateTo=2026-03-11`)).toEqual(["PA1"]);
    expect(await names("dateFrom=2026-03-10T11:01:00&dateTo=2026-03-10T11:02:30&site=" + ny)).toEqual(["NY3", "NY2"]);
  });

  it("never shows another account's sites or orders", async () => {
    expect((await get(`/cloud/v1/orders?site=${ny}`, other.token)).body).toMatchObject({ count: 0, total: 0 });
    const sites = await get("/cloud/v1/sites", other.token);
    expect((sites.body.items as Array<{ name: string }>).map((s) => s.name)).toEqual(["Not yours"]);
    expect((await get(`/cloud/v1/statistics?site=${ny}&dateFrom=2026-03-01`, other.token)).body.count).toBe(0);
  });

  it("refuses bad parameters with the contract's codes", async () => {
    expect((await get("/cloud/v1/orders?limit=0")).body.returnCode).toBe(-23);
    expect((await get("/cloud/v1/orders?offset=-1")).body.returnCode).toBe(-24);
    expect((await get("/cloud/v1/orders?dateFrom=2026-02-30")).body.returnCode).toBe(-25);
    expect((await get("/cloud/v1/orders?orderType=DRIVE")).body.returnCode).toBe(-12);
    expect((await get("/cloud/v1/orders?orderNumber=x")).body.returnCode).toBe(-9);
    expect((await get("/cloud/v1/orders?tableNumber=x")).body.returnCode).toBe(-10);
  });

  it("computes per-site per-day statistics in each site's zone", async () => {
    const r = await get(`/cloud/v1/statistics?dateFrom=2026-03-01&dateTo=2026-03-31&site=${ny}`);
    const days = r.body.items as Array<Record<string, unknown>>;
    expect(days.map((d) => d.day)).toEqual(["2026-03-10", "2026-03-11", "2026-03-12"]);
    expect(days[0]).toMatchObject({
      siteId: ny,
      siteName: "New York",
      orders: 5,
      delivered: 4,
      averageDelivery: 250,
      p50Delivery: 250,
      p90Delivery: 370,
      percentOnTarget: 50,
      averageTimeToSit: 80,
      targetTime: 250,
    });
    expect(days[2]).toMatchObject({ orders: 1, delivered: 0, averageDelivery: null, percentOnTarget: null });
    const both = await get("/cloud/v1/statistics?dateFrom=2026-03-11&dateTo=2026-03-11");
    expect((both.body.items as Array<{ siteName: string }>).map((d) => d.siteName)).toEqual(["New York", "Paris"]);
  });

  it("lists sites with last seen, sync lag, pending changes and health", async () => {
    const r = await get("/cloud/v1/sites");
    const items = r.body.items as Array<Record<string, unknown>>;
    const site = items.find((s) => s.id === ny);
    expect(site).toMatchObject({
      name: "New York",
      zone: "America/New_York",
      gatewaySerial: "SER-New York",
      syncLagSeconds: 200,
      pending: 3,
      ordersReceived: 7,
      health: "behind",
    });
    expect(Date.parse(site?.lastSeen as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(items.find((s) => s.name === "Codes")).toMatchObject({ health: "ok" });
  });
});
