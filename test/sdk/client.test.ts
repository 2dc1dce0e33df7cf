// createClient against a real gateway on port 0: one call per route of the contract, and errors
// rebuilt as TrackerApiError with the code name from the table.
import { describe, expect, it } from "vitest";
import { createClient, TrackerApiError, type TrackerClient } from "../../src/sdk/index.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

let gw: TestGateway;
let client: TrackerClient;

useTestGateway(
  (g, tok) => {
    gw = g;
    client = createClient({ baseUrl: gw.base, token: tok });
  },
  {},
  {},
  { token: "sdk" },
);

async function rejection(p: Promise<unknown>): Promise<TrackerApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TrackerApiError);
  return e as TrackerApiError;
}

describe("createClient", () => {
  it("reads API info without a token", async () => {
    const info = await createClient({ baseUrl: `${gw.base}/` }).info();
    expect(info.api).toBe("v2");
    expect(info.gateway.serial).toMatch(/^[0-9A-F]{12}$/);
  });

  it("creates, modifies, reads, pages, unpages and clears orders", async () => {
    const created = await client.upsertOrder({ name: "41", orderType: "ON_PREMISE" });
    expect(created.result).toBe("created");
    expect(created.order).toMatchObject({ name: "41", state: "started", locationName: "" });
    expect((await client.upsertOrder({ name: "41" })).result).toBe("alreadyStarted");
    const located = await client.upsertOrder({ name: "41", locationName: "7" });
    expect(located).toMatchObject({ result: "modified", order: { state: "located", locationName: "7" } });
    expect((await client.upsertOrder({ name: "41", locationName: "7" })).result).toBe("alreadyLocated");

    expect((await client.getOrder(created.order.uuid)).name).toBe("41");
    expect((await client.listOrders()).map((o) => o.name)).toContain("41");

    const notSeen = await rejection(client.pageOrder("41"));
    expect(notSeen).toMatchObject({ code: "PAGING_IMPOSSIBLE", returnCode: -14, status: 409 });
    await client.sim.startTracker(41);
    const paged = await client.pageOrder("41", { tracking: true });
    expect(paged.paged).toBe(true);
    expect(await client.unpageOrder("41")).toEqual({ canceled: true });
    expect(await client.unpageOrder("41")).toEqual({ canceled: false });

    const cleared = await client.clearOrder("41");
    expect(cleared.state).toBe("cleared");
    await client.upsertOrder({ name: "42", orderType: "TO_GO" });
    await client.upsertOrder({ name: "43", orderType: "TO_GO" });
    expect(await client.clearAllOrders()).toBe(2);
    expect(await client.listOrders()).toEqual([]);
  });

  it("turns error envelopes into TrackerApiError with the table's code name", async () => {
    expect(await rejection(client.getOrder("999"))).toMatchObject({
      code: "ORDER_NOT_FOUND",
      returnCode: -6,
      status: 404,
    });
    expect(await rejection(client.getOrder("abc"))).toMatchObject({ code: "INVALID_ORDER_ID", returnCode: -7 });
    expect(await rejection(client.upsertOrder({ name: "5" }))).toMatchObject({
      code: "NO_ORDER_TYPE",
      returnCode: -11,
    });
    const dup = await rejection(client.createToken("sdk"));
    expect(dup).toMatchObject({ code: "DUPLICATE_TOKEN_NAME", returnCode: -4, status: 409 });
    const anon = await rejection(createClient({ baseUrl: gw.base, token: "0".repeat(48) }).listOrders());
    expect(anon).toMatchObject({ code: "INVALID_TOKEN", returnCode: -2, status: 401 });
    expect(anon.message).toMatch(/token/i);
  });

  it("reports an unreachable gateway as UNREACHABLE", async () => {
    const e = await rejection(createClient({ baseUrl: "http://127.0.0.1:1", timeoutMs: 2_000 }).info());
    expect(e).toMatchObject({ code: "UNREACHABLE", returnCode: null, status: 0 });
  });

  it("mints, lists and revokes tokens; switches tokens with setToken", async () => {
    const minted = await client.createToken("kds-2");
    expect(minted.token).toMatch(/^[0-9a-f]{48}$/);
    expect((await client.listTokens()).map((t) => t.name)).toEqual(expect.arrayContaining(["sdk", "kds-2"]));
    const other = createClient({ baseUrl: gw.base });
    other.setToken(minted.token);
    expect(await other.listOrders()).toEqual([]);
    await client.revokeToken("kds-2");
    expect((await rejection(other.listOrders())).code).toBe("INVALID_TOKEN");
    gw.gateway.ctx.pressButton("test");
    expect((await createClient({ baseUrl: gw.base }).generateToken("tablet")).name).toBe("tablet");
  });

  it("queries history with filters, statistics, range statistics and settings", async () => {
    await client.upsertOrder({ name: "77", orderType: "TO_GO", locationName: "3" });
    await client.upsertOrder({ name: "78", orderType: "ON_PREMISE" });
    await client.clearOrder("77");
    const page = await client.history({ orderType: "TO_GO", locationName: "3", limit: 5 });
    expect(page.items.map((i) => i.name)).toEqual(["77"]);
    expect(page).toMatchObject({ count: 1, total: 1 });
    expect((await client.history({ limit: 1 })).count).toBe(1);
    expect((await rejection(client.history({ limit: 0 }))).code).toBe("INVALID_LIMIT");

    expect((await client.statistics(600)).targetTime).toBe(600);
    expect((await rejection(client.statistics(-1))).code).toBe("INVALID_TARGET_TIME");

    // Yesterday to the end of today, gateway time: midnight may pass between the calls.
    const today = (await client.info()).gateway.time.slice(0, 10);
    const day = (delta: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);
    const range = await client.statisticsRange({
      from: `${day(-1)}T00:00:00`,
      to: `${day(1)}T00:00:00`,
      targetTime: 900,
    });
    expect(range).toMatchObject({ from: `${day(-1)}T00:00:00`, to: `${day(1)}T00:00:00`, targetTime: 900 });
    expect(range.orders).toBeGreaterThanOrEqual(2);
    expect(range.delivered).toBeGreaterThanOrEqual(1);
    expect(range.hours[0]?.hour).toBe(`${day(-1)}T00:00:00`);
    expect(range.hours.reduce((n, h) => n + h.orders, 0)).toBe(range.orders);
    expect(range.tables.find((x) => x.locationName === "3")).toMatchObject({ orders: 1 });
    const reversed = client.statisticsRange({ from: `${today}T01:00:00`, to: `${today}T00:00:00` });
    expect((await rejection(reversed)).code).toBe("INVALID_DATE");
    const badTarget = client.statisticsRange({ from: `${today}T00:00:00`, to: `${day(1)}T00:00:00`, targetTime: 0 });
    expect((await rejection(badTarget)).code).toBe("INVALID_TARGET_TIME");

    const before = await client.getSettings();
    const after = await client.updateSettings({ targetTimeDefault: before.targetTimeDefault + 1 });
    expect(after.targetTimeDefault).toBe(before.targetTimeDefault + 1);
    expect((await rejection(client.updateSettings({ zigbeePreset: "Z" }))).code).toBe("INVALID_SETTINGS_VALUE");
  });

  it("registers, lists and removes webhooks", async () => {
    await client.registerWebhook("http://127.0.0.1:9/hook");
    expect((await client.listWebhooks()).map((w) => w.http_client)).toEqual(["http://127.0.0.1:9/hook"]);
    await client.unregisterWebhook("http://127.0.0.1:9/hook");
    expect(await client.listWebhooks()).toEqual([]);
    expect((await rejection(client.registerWebhook("ftp://x"))).code).toBe("INVALID_HTTP_CLIENT");
  });

  it("reads and clears trackers and repeaters; opens and closes pairing", async () => {
    await client.sim.startTracker("12");
    expect((await client.trackers()).map((t) => t.name)).toContain("12");
    await client.clearTrackers();
    expect(await client.trackers()).toEqual([]);
    const before = (await client.repeaters(true)).length;
    expect(await client.beginPairing(30)).toEqual({ enabled: true });
    expect((await client.repeaters()).length).toBe(before + 1);
    expect(await client.beginPairing(0)).toEqual({ enabled: false });
    await client.endPairing();
    await client.clearRepeaters();
    expect(await client.repeaters()).toEqual([]);
    expect((await rejection(client.beginPairing(999))).code).toBe("INVALID_PAIRING_TIMEOUT");
  });

  it("drives the simulated floor, the clock and the button", async () => {
    expect(await client.sim.startTracker(5)).toMatchObject({ name: "5", status: "started" });
    expect(await client.sim.locateTracker(5, 9)).toMatchObject({ status: "located", locationName: "9" });
    expect((await client.getOrder("5")).locationName).toBe("9");
    expect((await client.sim.clearTracker(5)).status).toBe("docked");
    expect(await client.sim.tracker(5)).toEqual({
      name: "5",
      status: "docked",
      paging: false,
      locationName: "",
      battery: expect.any(Number),
    });
    const unseen = await rejection(client.sim.tracker(996));
    expect(unseen).toMatchObject({ code: "NOT_FOUND", returnCode: -5, status: 404 });
    expect(unseen.message).toMatch(/Tracker 996 has not been seen/);
    const c0 = await client.sim.clock();
    const c1 = await client.sim.advanceClock(60);
    expect(c1.offsetSeconds - c0.offsetSeconds).toBe(60);
    expect((await client.sim.pressButton()).windowSeconds).toBeGreaterThan(100);
    expect((await client.pressButton()).windowSeconds).toBeGreaterThan(100);
  });
});
