// A real gateway bound to a real cloud through a loopback proxy that can pull the cable:
// activation and its errors, the outbox, idempotent re-upload after a cut mid-batch, a
// gateway offline for days catching up, and orders purged locally staying in the cloud.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GatewayDeps } from "../../src/gateway.js";
import { call, getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { localVersions } from "./fleet.js";
import { CutProxy, ENGINE, startTestCloud, type TestCloud, waitFor } from "./helpers.js";

const FAST: GatewayDeps["cloudUploader"] = { baseDelayMs: 20, maxDelayMs: 100, pollMs: 20, heartbeatMs: 200 };
const DAY = 86_400_000;

let c: TestCloud;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  c = await startTestCloud();
}, 60_000);
afterAll(() => c?.stop());
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function newDeviceCode(name: string): Promise<{ siteId: number; deviceCode: string }> {
  const r = await call(c.base, "POST", "/cloud/v1/sites", { token: c.token, body: { name } });
  return { siteId: r.body.siteId as number, deviceCode: r.body.deviceCode as string };
}

interface Rig {
  t: TestGateway;
  token: string;
  proxy: CutProxy;
}

async function rig(cloudUploader: GatewayDeps["cloudUploader"] = FAST, dataDir?: string): Promise<Rig> {
  const proxy = new CutProxy(c.cloud.port);
  await proxy.up();
  const t = await startTestGateway(dataDir ? { dataDir } : {}, { cloudUploader });
  cleanups.push(async () => {
    await t.stop();
    await proxy.down();
  });
  return { t, token: await getToken(t), proxy };
}

async function activate(r: Rig, site: string): Promise<number> {
  const { siteId, deviceCode } = await newDeviceCode(site);
  const res = await call(r.t.base, "POST", "/api/v2/cloud/activate", {
    token: r.token,
    body: { deviceCode, cloud: r.proxy.url },
  });
  expect(res.body).toMatchObject({ status: 200, returnCode: 1011 });
  return siteId;
}

async function cloudOrders(siteId: number) {
  const r = await c.db.query<{ uuid: string; name: string; version: number; state: string }>(
    "SELECT uuid::text AS uuid, name, version, state FROM orders WHERE site_id = $1 ORDER BY created, name",
    [siteId],
  );
  return r.rows;
}

/** Waits until the cloud holds exactly the gateway's versions of these orders, and the outbox is empty. */
async function caughtUp(r: Rig, siteId: number, expected: Map<string, number>) {
  return waitFor("the cloud to catch up", async () => {
    const rows = await cloudOrders(siteId);
    const status = await call(r.t.base, "GET", "/api/v2/cloud", { token: r.token });
    const cloud = status.body.cloud as { pending: number };
    const same = rows.length === expected.size && rows.every((o) => expected.get(o.uuid) === o.version);
    return same && cloud.pending === 0 ? rows : undefined;
  });
}

describe(`gateway ↔ cloud on ${ENGINE}`, () => {
  it("activates with a device code: secured, -18, -17, -19, unreachable cloud, 1011, 1008, unbind", async () => {
    const r = await rig();
    const act = (body: unknown) => call(r.t.base, "POST", "/api/v2/cloud/activate", { token: r.token, body });
    const { deviceCode } = await newDeviceCode("Activation");
    const anonymous = await call(r.t.base, "POST", "/api/v2/cloud/activate", {
      body: { deviceCode, cloud: r.proxy.url },
    });
    expect(anonymous.body).toMatchObject({
      status: 401,
      returnCode: -2,
    });
    expect((await act({ cloud: r.proxy.url })).body).toMatchObject({ status: 400, returnCode: -18 });
    expect((await act({ deviceCode: "12-34", cloud: r.proxy.url })).body).toMatchObject({
      status: 400,
      returnCode: -17,
    });
    expect((await act({ deviceCode: "WXYZ-WXYZ", cloud: r.proxy.url })).body).toMatchObject({
      status: 400,
      returnCode: -19,
    });
    expect((await act({ deviceCode, cloud: "ftp://x" })).body).toMatchObject({ status: 400, returnCode: -29 });
    await r.proxy.down();
    expect((await act({ deviceCode, cloud: r.proxy.url })).body).toMatchObject({ status: 503, returnCode: -5 });
    await r.proxy.up();
    const unbound = await call(r.t.base, "GET", "/api/v2/cloud", { token: r.token });
    expect(unbound.body).toMatchObject({ status: 200, returnCode: 19, cloud: { bound: false, pending: 0 } });

    const first = await act({ deviceCode, cloud: `${r.proxy.url}/` });
    expect(first.body).toMatchObject({
      status: 200,
      returnCode: 1011,
      message: expect.any(String),
      cloud: { bound: true, cloud: r.proxy.url, siteName: "Activation", accountName: "Test Diner Group" },
    });
    expect(JSON.stringify(first.body)).not.toContain("siteToken");
    // The code is burnt: a second use is refused by the cloud.
    expect((await act({ deviceCode, cloud: r.proxy.url })).body).toMatchObject({ returnCode: -19 });
    const moved = await newDeviceCode("Activation 2");
    const second = await act({ deviceCode: moved.deviceCode, cloud: r.proxy.url });
    expect(second.body).toMatchObject({ returnCode: 1008, cloud: { bound: true, siteId: moved.siteId } });

    const del = await call(r.t.base, "DELETE", "/api/v2/cloud", { token: r.token });
    expect(del.body).toMatchObject({ status: 200, returnCode: 1011, cloud: { bound: false } });
    expect((await call(r.t.base, "DELETE", "/api/v2/cloud", { token: r.token })).status).toBe(404);
    expect((await call(r.t.base, "GET", "/api/v2/cloud")).status).toBe(401);
  });

  it("sends heartbeats while idle, and reports a site taken over by another gateway", async () => {
    const a = await rig();
    const siteId = await activate(a, "Heartbeat");
    const seen = async () =>
      (await c.db.query<{ t: Date }>("SELECT last_seen AS t FROM sites WHERE id = $1", [siteId])).rows[0]?.t.getTime();
    const first = (await seen()) as number;
    await waitFor("a heartbeat", async () => ((await seen()) as number) > first);
    // Another gateway activates the same site with a new code: the first one's upload token dies.
    const b = await rig();
    const code = await call(c.base, "POST", `/cloud/v1/sites/${siteId}/device-code`, { token: c.token });
    const took = await call(b.t.base, "POST", "/api/v2/cloud/activate", {
      token: b.token,
      body: { deviceCode: code.body.deviceCode, cloud: b.proxy.url },
    });
    expect(took.body).toMatchObject({ returnCode: 1011, cloud: { siteId } });
    a.t.gateway.ctx.orders.upsert({ name: "5", orderType: "TO_GO" });
    const status = await waitFor("the first gateway to be refused", async () => {
      const s = await call(a.t.base, "GET", "/api/v2/cloud", { token: a.token });
      return String((s.body.cloud as { lastError: string | null }).lastError).includes("401") ? s : undefined;
    });
    expect(String((status.body.cloud as { lastError: string }).lastError)).toContain("activate it again");
    expect(status.body.cloud).toMatchObject({ bound: true, pending: 1 });
    expect(await cloudOrders(siteId)).toEqual([]);
  });

  it("uploads history from before the activation, then every change, each order once at its last version", async () => {
    const r = await rig();
    const { orders } = r.t.gateway.ctx;
    orders.upsert({ name: "1", orderType: "ON_PREMISE" });
    orders.upsert({ name: "2", orderType: "TO_GO" });
    orders.clear({ by: "name", name: "1" }, "MANAGER_OVERRIDE");
    const siteId = await activate(r, "Backfill");
    expect(
      (
        await call(r.t.base, "POST", "/api/v2/activeorders", {
          token: r.token,
          body: { name: "3", orderType: "TO_GO" },
        })
      ).status,
    ).toBe(201);
    await call(r.t.base, "POST", "/api/v2/activeorders", { token: r.token, body: { name: "3", locationName: "12" } });
    const rows = await caughtUp(r, siteId, localVersions(r.t));
    expect(rows.map((o) => `${o.name}:${o.state}`)).toEqual(["1:cleared", "2:started", "3:located"]);
    const api = await call(c.base, "GET", `/cloud/v1/orders?site=${siteId}&orderNumber=3`, { token: c.token });
    expect(api.body.items).toEqual([expect.objectContaining({ name: "3", locationName: "12", siteId })]);
  });

  it("writes the outbox in the order change's transaction, and keeps it across a restart while offline", async () => {
    const r = await rig();
    const siteId = await activate(r, "Restart");
    await caughtUp(r, siteId, new Map());
    await r.proxy.down();
    for (let i = 1; i <= 5; i++) r.t.gateway.ctx.orders.upsert({ name: String(i), orderType: "ON_PREMISE" });
    const queued = r.t.gateway.store.db.prepare("SELECT count(*) AS n FROM cloud_outbox").get() as { n: number };
    expect(queued.n).toBe(5);
    const expected = localVersions(r.t);
    const dataDir = r.t.dataDir;
    await r.t.stop({ keepData: true });
    await r.proxy.up();
    const again = await startTestGateway({ dataDir }, { cloudUploader: FAST });
    cleanups.push(() => again.stop());
    const r2: Rig = { t: again, token: r.token, proxy: r.proxy };
    await caughtUp(r2, siteId, expected);
  });

  it("survives cuts mid-batch: half a request, and a lost acknowledgement, neither loses nor duplicates", async () => {
    const r = await rig({ ...FAST, batchSize: 10 });
    const siteId = await activate(r, "Cuts");
    await caughtUp(r, siteId, new Map());
    // Cable out while the work is queued, then let requests through only half-way.
    await r.proxy.down();
    for (let i = 1; i <= 25; i++) r.t.gateway.ctx.orders.upsert({ name: String(i), orderType: "TO_GO" });
    for (let i = 1; i <= 25; i += 2) r.t.gateway.ctx.orders.clear({ by: "name", name: String(i) }, "TRACKER");
    r.proxy.mode = { kind: "cut-request", afterBytes: 700 };
    await r.proxy.up();
    await waitFor("two requests cut half-way", () => r.proxy.cuts >= 2);
    // The cloud applies a whole batch or nothing: half bodies left no trace.
    expect(await cloudOrders(siteId)).toEqual([]);
    // Now the batch reaches the cloud whole, but its acknowledgement is lost on the way back.
    r.proxy.mode = { kind: "drop-response" };
    const cutsBefore = r.proxy.cuts;
    await waitFor("a batch applied but not acknowledged", () => r.proxy.cuts > cutsBefore);
    expect((await cloudOrders(siteId)).length).toBe(10);
    const queued = r.t.gateway.store.db.prepare("SELECT count(*) AS n FROM cloud_outbox").get() as { n: number };
    expect(queued.n).toBe(25);
    r.proxy.mode = { kind: "pass" };
    const rows = await caughtUp(r, siteId, localVersions(r.t));
    expect(rows).toHaveLength(25);
    expect(new Set(rows.map((o) => o.uuid)).size).toBe(25);
    expect(rows.filter((o) => o.state === "cleared")).toHaveLength(13);
    const status = await call(r.t.base, "GET", "/api/v2/cloud", { token: r.token });
    expect(status.body.cloud).toMatchObject({ pending: 0, failures: 0, lastError: null });
  });

  it("catches up after days offline, including orders purged locally meanwhile; the cloud keeps them", async () => {
    const r = await rig({ ...FAST, batchSize: 7 });
    const siteId = await activate(r, "Offline");
    await caughtUp(r, siteId, new Map());
    const { orders } = r.t.gateway.ctx;
    const sim = r.t.gateway.ctx.sim;
    if (!sim) throw new Error("the test gateway runs the simulated floor");
    orders.upsert({ name: "100", orderType: "ON_PREMISE" });
    orders.clear({ by: "name", name: "100" }, "TRACKER");
    const early = localVersions(r.t);
    await caughtUp(r, siteId, early);
    await r.proxy.down();
    // Twenty days offline, a few orders a day: the first days' orders pass the 14-day retention.
    const all = new Map(early);
    for (let day = 0; day < 20; day++) {
      for (let n = 1; n <= 3; n++) {
        const name = String(day * 10 + n);
        const o = orders.upsert({ name, orderType: "TO_GO" }).order;
        const cleared = orders.clear({ by: "name", name }, "TRACKER");
        all.set(o.uuid, cleared.version);
      }
      sim.clock.advance(DAY);
    }
    r.t.gateway.ctx.maintain({ purge: true });
    const kept = localVersions(r.t);
    expect(kept.size).toBeLessThan(all.size);
    const failing = await waitFor("a failed upload", async () => {
      const s = await call(r.t.base, "GET", "/api/v2/cloud", { token: r.token });
      return (s.body.cloud as { lastError: string | null }).lastError ? s : undefined;
    });
    expect(failing.body.cloud).toMatchObject({ pending: 60, failures: expect.any(Number) });
    await r.proxy.up();
    const rows = await caughtUp(r, siteId, all);
    expect(rows).toHaveLength(61);
    // Purged on the gateway, still listed in the cloud.
    const purged = [...all.keys()].filter((u) => !kept.has(u));
    expect(purged.length).toBeGreaterThan(0);
    const first = await call(c.base, "GET", `/cloud/v1/orders?site=${siteId}&orderNumber=100`, { token: c.token });
    expect(first.body.items).toEqual([expect.objectContaining({ uuid: [...early.keys()][0], state: "cleared" })]);
    const sites = await call(c.base, "GET", "/cloud/v1/sites", { token: c.token });
    const site = (sites.body.items as Array<Record<string, unknown>>).find((s) => s.id === siteId);
    // Applied versions: at least one per order (order 100 may have gone up as v1, then v2).
    expect(site).toMatchObject({ pending: 0, health: "ok" });
    expect(site?.ordersReceived).toBeGreaterThanOrEqual(61);
  });
});
