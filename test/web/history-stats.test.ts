// History and statistics in a real browser: the history filters (table, type, date range) and
// paging reach the API and show what it returns; statistics draws its figures, charts and heat map
// from what GET /statistics/range counted.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, getToken } from "../helpers/gateway.js";
import { type BrowserRig, openPage, screenshot, startRig } from "./browser.js";

describe("dashboard history and statistics", () => {
  let rig: BrowserRig;
  let token: string;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let today: string;

  const order = (name: string, orderType: string, locationName?: string) =>
    call(rig.t.base, "POST", "/api/v2/activeorders", { token, body: { name, orderType, locationName } });
  const advance = (s: number) => call(rig.t.base, "POST", "/sim/clock", { token, body: { advanceSeconds: s } });
  const clear = (name: string) => call(rig.t.base, "DELETE", `/api/v2/activeorders/${name}`, { token });
  const rows = () => page.$$eval("[data-history-row]", (trs) => trs.map((tr) => tr.getAttribute("data-history-row")));

  beforeAll(async () => {
    rig = await startRig();
    token = await getToken(rig.t, "history-test");
    // Table 7 delivered in 2 min and still busy; a to-go order in 6:40; table 9 in 3:20.
    await order("1", "ON_PREMISE", "7");
    await order("2", "TO_GO");
    await order("3", "ON_PREMISE", "9");
    await advance(120);
    await clear("1");
    await advance(80);
    await clear("3");
    await advance(200);
    await clear("2");
    await order("4", "ON_PREMISE", "7");
    for (let i = 100; i < 126; i++) {
      await order(String(i), "TO_GO");
      await clear(String(i));
    }
    const info = await call(rig.t.base, "GET", "/api/v2");
    today = String((info.body.gateway as { time: string }).time).slice(0, 10);
    ({ context, page, errors } = await openPage(rig, { token, hash: "#/history" }));
  });
  afterAll(async () => {
    await context?.close();
    await rig?.close();
  });

  it("lists history a page at a time, newest first", async () => {
    await page.waitForSelector('[data-history-total="30"]', { timeout: 5000 });
    expect((await rows()).length).toBe(25);
    expect((await rows())[0]).toBe("125");
    await screenshot(page, "history");
    await page.click("text=Older →");
    await page.waitForSelector('[data-history-row="1"]', { timeout: 5000 });
    expect((await rows()).length).toBe(5);
  });

  it("filters by table and by order type", async () => {
    await page.fill('input[name="table"]', "7");
    await page.click('button:has-text("Filter")');
    await page.waitForSelector('[data-history-total="2"]', { timeout: 5000 });
    expect((await rows()).sort()).toEqual(["1", "4"]);
    await screenshot(page, "history-filtered");

    await page.fill('input[name="table"]', "");
    await page.selectOption('select[name="type"]', "ON_PREMISE");
    await page.click('button:has-text("Filter")');
    await page.waitForSelector('[data-history-total="3"]', { timeout: 5000 });
    expect((await rows()).sort()).toEqual(["1", "3", "4"]);
  });

  it("filters by date range", async () => {
    await page.click('button:has-text("Reset")');
    await page.waitForSelector('[data-history-total="30"]', { timeout: 5000 });
    // Yesterday too: the simulated clock moved 400 s, which may have crossed midnight.
    const day = (delta: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);
    await page.fill('input[name="from"]', day(-1));
    await page.fill('input[name="to"]', today);
    await page.click('button:has-text("Filter")');
    await page.waitForSelector('[data-history-total="30"]', { timeout: 5000 });
    const tomorrow = day(1);
    await page.fill('input[name="from"]', tomorrow);
    await page.fill('input[name="to"]', tomorrow);
    await page.click('button:has-text("Filter")');
    await page.waitForSelector('[data-history-total="0"]', { timeout: 5000 });
    expect(await rows()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("shows today's figures, hourly charts and the table heat map", async () => {
    await page.click('[data-nav="stats"]');
    await page.waitForSelector("[data-range-total]", { timeout: 5000 });
    // Seven days rather than today: the simulated clock may have crossed midnight.
    await page.click('button:has-text("7 days")');
    const weekAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    await page.waitForSelector(`[data-range="${weekAgo}/${today}"][data-range-total="30"]`, { timeout: 5000 });
    // The view draws what the gateway counted over the range: the same totals, the same hours.
    const dayAfter = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const ranged = await call(
      rig.t.base,
      "GET",
      `/api/v2/statistics/range?from=${weekAgo}T00:00:00&to=${dayAfter}T00:00:00`,
      { token },
    );
    const r = ranged.body.range as {
      delivered: number;
      hours: { orders: number; averageSeconds: number | null }[];
      tables: { locationName: string; averageSeconds: number }[];
    };
    expect(r.delivered).toBe(29);
    expect(await page.getAttribute("[data-range-total]", "data-range-delivered")).toBe("29");
    const filled = (sel: string) => page.getAttribute(`[data-chart="${sel}"]`, "data-filled");
    expect(await filled("Orders per hour")).toBe(String(r.hours.filter((h) => h.orders > 0).length));
    expect(Number(await filled("Orders per hour"))).toBeGreaterThan(0);
    expect(await filled("Average delivery per hour")).toBe(
      String(r.hours.filter((h) => (h.averageSeconds ?? 0) > 0).length),
    );
    const stats = await call(rig.t.base, "GET", "/api/v2/statistics", { token });
    const s = stats.body.statistics as { ordersToday: number; percentGoal: number };
    expect(await page.textContent('[data-kpi="orders"] .kpi-value')).toBe(String(s.ordersToday));
    expect(await page.textContent('[data-kpi="percent"] .kpi-value')).toBe(`${Math.round(s.percentGoal)}%`);
    expect(await page.$$("[data-chart] canvas")).toHaveLength(2);
    expect(await page.$$eval(".heat", (els) => els.map((e) => e.getAttribute("data-table")))).toEqual(["7", "9"]);
    // Table 9's one delivery, as the gateway measured it (200 s of simulated time plus real time).
    const nine = await call(rig.t.base, "GET", "/api/v2/orders?location_name=9", { token });
    const d = (nine.body.items as { deliveryTime: number }[])[0]!.deliveryTime;
    expect(r.tables.find((x) => x.locationName === "9")?.averageSeconds).toBe(d);
    expect(await page.textContent('.heat[data-table="9"]')).toContain(
      `${Math.floor(d / 60)}:${String(d % 60).padStart(2, "0")}`,
    );
    await screenshot(page, "statistics");
    expect(errors).toEqual([]);
  });

  it("shows the late orders still waiting beside the share delivered on target", async () => {
    // Every delivery so far was on target; now three orders wait past it and none is delivered.
    await order("201", "ON_PREMISE", "3");
    await order("202", "TO_GO");
    await advance(900);
    const stats = await call(rig.t.base, "GET", "/api/v2/statistics", { token });
    const s = stats.body.statistics as { ordersToday: number; percentGoal: number };
    await page.reload();
    await page.waitForSelector('[data-kpi="late-active"][data-late="3"][data-active="3"]', { timeout: 5000 });
    expect(await page.textContent('[data-kpi="late-active"]')).toContain("of 3 active orders");
    // The delivered share says what it counts, and is not the only headline.
    const percent = await page.textContent('[data-kpi="percent"]');
    expect(percent).toContain("Delivered on target");
    if (s.ordersToday > 0) expect(percent).toContain(`of ${s.ordersToday} delivered today`);
    await screenshot(page, "statistics-late-active");
    expect(errors).toEqual([]);
  });
});
