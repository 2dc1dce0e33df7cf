// History and statistics over HTTP (spec §5, §6): ORDER_SUMMARY items, count and total, newest
// first, filters and their errors (-23 -24 -25 -12 -10), today's figures and -22; retention
// and automatic clearing driven by POST /sim/clock.
import { describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
let token: string;
type Summary = Record<string, unknown>;
const advance = (s: number) => api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: s } });
const history = async (query = "") =>
  (await api(t.base, "GET", `/api/v2/orders${query}`, { token })).body as {
    count: number;
    total: number;
    items: Summary[];
  };
const post = (body: unknown) => api(t.base, "POST", "/api/v2/activeorders", { token, body });

/** Moves the gateway clock to 01:00 tomorrow (gateway time), so "today" is a fresh day. */
async function startOfFreshDay(): Promise<void> {
  const time = ((await api(t.base, "GET", "/api/v2")).body.gateway as { time: string }).time;
  const [h, m, s] = time.slice(11).split(":").map(Number) as [number, number, number];
  await advance(86400 - (h * 3600 + m * 60 + s) + 3600);
}

useTestGateway(async (g, tok) => {
  t = g;
  token = tok;
  await api(t.base, "POST", "/api/v2/gateway/settings", { token, body: { timezone: "+00:00" } });
  await startOfFreshDay();
});

describe("GET /api/v2/orders", () => {
  it("describes a delivered order as ORDER_SUMMARY with timeToSit and deliveryTime", async () => {
    await post({ name: "1", orderType: "TO_GO" });
    await advance(60);
    await post({ name: "1", locationName: "7" });
    await advance(240);
    await api(t.base, "DELETE", "/api/v2/activeorders/1", { token });
    const item = (await history()).items[0] as Summary & { timeToSit: number; deliveryTime: number };
    expect(item).toEqual({
      type: "ORDER_SUMMARY",
      name: "1",
      uuid: expect.any(String),
      orderType: "TO_GO",
      locationName: "7",
      state: "cleared",
      orderStarted: expect.stringMatching(/T01:00:\d\d$/),
      orderLocated: expect.stringMatching(/T01:01:\d\d$/),
      orderPaged: null,
      orderCleared: expect.stringMatching(/T01:0[56]:\d\d$/),
      orderClearedReason: "MANAGER_OVERRIDE",
      timeToSit: expect.any(Number),
      deliveryTime: expect.any(Number),
    });
    // The simulated clock runs on real time plus the jumps: allow for the seconds the calls took.
    expect(item.timeToSit).toBeGreaterThanOrEqual(60);
    expect(item.timeToSit).toBeLessThan(70);
    expect(item.deliveryTime).toBeGreaterThanOrEqual(300);
    expect(item.deliveryTime).toBeLessThan(320);
    const seconds = (s: unknown) => Date.parse(`${s}Z`) / 1000;
    // The durations agree with the timestamps (to the second they are rounded to).
    expect(Math.abs(seconds(item.orderLocated) - seconds(item.orderStarted) - item.timeToSit)).toBeLessThanOrEqual(1);
    expect(Math.abs(seconds(item.orderCleared) - seconds(item.orderStarted) - item.deliveryTime)).toBeLessThanOrEqual(
      1,
    );
  });

  it("includes active orders, with nulls for what has not happened", async () => {
    await post({ name: "2", orderType: "ON_PREMISE" });
    const h = await history();
    expect(h.items[0]).toMatchObject({
      name: "2",
      state: "started",
      locationName: null,
      orderLocated: null,
      orderCleared: null,
      orderClearedReason: null,
      timeToSit: null,
      deliveryTime: null,
    });
  });

  it("is 200/9, newest first, with count (this page) and total (all matching)", async () => {
    for (const name of ["3", "4", "5"]) {
      await advance(1);
      await post({ name, orderType: "TO_GO", locationName: name === "4" ? "44" : undefined });
    }
    const r = await api(t.base, "GET", "/api/v2/orders?limit=2&offset=1", { token });
    expect(r.body).toMatchObject({ status: 200, returnCode: 9, count: 2, total: 5 });
    expect((r.body.items as Summary[]).map((i) => i.name)).toEqual(["4", "3"]);
  });

  it("filters by order_type, location_name and created_after / created_before", async () => {
    expect((await history("?order_type=ON_PREMISE")).items.map((i) => i.name)).toEqual(["2"]);
    expect((await history("?order_type=ON_PREMISES")).total).toBe(1);
    expect((await history("?location_name=44")).items.map((i) => i.name)).toEqual(["4"]);
    const started = (await history("?location_name=44")).items[0]?.orderStarted as string;
    expect((await history(`?created_after=${started}`)).items.map((i) => i.name)).toEqual(["5", "4"]);
    expect((await history(`?created_before=${started}`)).total).toBe(3);
  });

  it.each([
    ["?limit=0", -23],
    ["?limit=101", -23],
    ["?limit=ten", -23],
    ["?offset=-1", -24],
    ["?offset=1.5", -24],
    ["?created_after=2026-02-30T00:00:00", -25],
    ["?created_before=yesterday", -25],
    ["?order_type=DINE_IN", -12],
    ["?location_name=A1", -10],
  ])("%s is 400 %i", async (query, code) => {
    expectError(await api(t.base, "GET", `/api/v2/orders${query}`, { token }), 400, code);
  });
});

describe("GET /api/v2/statistics", () => {
  it("computes today's figures over orders cleared today (200/10)", async () => {
    await api(t.base, "DELETE", "/api/v2/activeorders", { token });
    const times = (await history()).items.map((i) => i.deliveryTime as number);
    const slowest = Math.max(...times);
    const mean = Math.round(times.reduce((a, b) => a + b, 0) / times.length);
    const r = await api(t.base, "GET", `/api/v2/statistics?target_time=${slowest}`, { token });
    expect(r.body).toMatchObject({ status: 200, returnCode: 10 });
    // Order 1 took about 300 s; 2-5 were cleared together a few seconds after they started.
    expect(r.body.statistics).toEqual({ ordersToday: 5, targetTime: slowest, percentGoal: 100, averageSeconds: mean });
    const tight = (await api(t.base, "GET", `/api/v2/statistics?target_time=${slowest - 1}`, { token })).body;
    expect(tight.statistics).toMatchObject({ percentGoal: 80, targetTime: slowest - 1 });
  });

  it("defaults target_time to the targetTimeDefault setting", async () => {
    await api(t.base, "POST", "/api/v2/gateway/settings", { token, body: { targetTimeDefault: 42 } });
    const r = await api(t.base, "GET", "/api/v2/statistics", { token });
    expect(r.body.statistics).toMatchObject({ targetTime: 42 });
  });

  it.each(["0", "-1", "1.5", "soon"])("target_time=%s is 400 -22", async (v) => {
    expectError(await api(t.base, "GET", `/api/v2/statistics?target_time=${v}`, { token }), 400, -22);
  });

  it("starts from zero on a new day", async () => {
    await startOfFreshDay();
    const r = await api(t.base, "GET", "/api/v2/statistics", { token });
    expect(r.body.statistics).toMatchObject({ ordersToday: 0, averageSeconds: 0, percentGoal: 0 });
  });
});

describe("retention and automatic clearing on the gateway clock", () => {
  it("an order left 12 hours is cleared with reason AUTOMATIC", async () => {
    await post({ name: "80", orderType: "TO_GO" });
    await advance(11 * 3600);
    expect((await api(t.base, "GET", "/api/v2/activeorders/80", { token })).status).toBe(200);
    await advance(3600);
    expectError(await api(t.base, "GET", "/api/v2/activeorders/80", { token }), 404, -6);
    expect((await history("?limit=1")).items[0]).toMatchObject({ name: "80", orderClearedReason: "AUTOMATIC" });
  });

  it("orders are purged historyDays (14) after they were created", async () => {
    await post({ name: "82", orderType: "TO_GO", locationName: "999" });
    await api(t.base, "DELETE", "/api/v2/activeorders/82", { token });
    await advance(14 * 86400 - 3600);
    expect((await history("?location_name=999")).total).toBe(1);
    await advance(2 * 3600);
    expect((await history("?location_name=999")).total).toBe(0);
  });

  it("a shorter autoClearHours applies at once", async () => {
    await post({ name: "81", orderType: "TO_GO" });
    await advance(2 * 3600);
    await api(t.base, "POST", "/api/v2/gateway/settings", { token, body: { autoClearHours: 1 } });
    expectError(await api(t.base, "GET", "/api/v2/activeorders/81", { token }), 404, -6);
  });
});
