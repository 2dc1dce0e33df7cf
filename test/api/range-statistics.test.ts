// [opentt] GET /api/v2/statistics/range over HTTP: its error codes (-2, -25, -22), that
// /statistics beside it is untouched, and its figures against orders placed between
// POST /sim/clock jumps (orders by hour created, deliveries by hour cleared, per table).
import { describe, expect, it } from "vitest";
import type { RangeStatistics } from "../../src/protocol/wire.js";
import { api, expectError } from "../helpers/contract.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
let token: string;
/** The gateway's date once the clock sits at 01:00 of a fresh day. */
let day: string;
const advance = (s: number) => api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: s } });
const post = (body: unknown) => api(t.base, "POST", "/api/v2/activeorders", { token, body });
const clear = (name: string) => api(t.base, "DELETE", `/api/v2/activeorders/${name}`, { token });
const range = (query: string) => api(t.base, "GET", `/api/v2/statistics/range${query}`, { token });

useTestGateway(async (g, tok) => {
  t = g;
  token = tok;
  await api(t.base, "POST", "/api/v2/gateway/settings", { token, body: { timezone: "+00:00" } });
  // To 01:00 tomorrow (gateway time), so the hours below are a fresh day's.
  const time = ((await api(t.base, "GET", "/api/v2")).body.gateway as { time: string }).time;
  const [h, m, s] = time.slice(11).split(":").map(Number) as [number, number, number];
  await advance(86400 - (h * 3600 + m * 60 + s) + 3600);
  day = ((await api(t.base, "GET", "/api/v2")).body.gateway as { time: string }).time.slice(0, 10);

  // 01:00 order 1 at table 7, cleared 2 min later; 01:02 to-go order 2, cleared an hour later
  // (in the 02 hour); 02:02 order 3 at table 9, still active.
  await post({ name: "1", orderType: "ON_PREMISE", locationName: "7" });
  await advance(120);
  await clear("1");
  await post({ name: "2", orderType: "TO_GO" });
  await advance(3600);
  await clear("2");
  await post({ name: "3", orderType: "ON_PREMISE", locationName: "9" });
});

describe("GET /api/v2/statistics/range", () => {
  it("counts orders by hour created and deliveries by hour cleared", async () => {
    const r = await range(`?from=${day}T01:00:00&to=${day}T04:00:00&target_time=600`);
    expect(r.status).toBe(200);
    expect(r.body.returnCode).toBe(20);
    const s = r.body.range as RangeStatistics;
    expect(s).toMatchObject({ from: `${day}T01:00:00`, to: `${day}T04:00:00`, targetTime: 600 });
    expect(s.orders).toBe(3);
    expect(s.delivered).toBe(2);
    expect(s.percentGoal).toBe(50);
    expect(s.hours.map((h) => [h.hour, h.orders, h.delivered])).toEqual([
      [`${day}T01:00:00`, 2, 1],
      [`${day}T02:00:00`, 1, 1],
      [`${day}T03:00:00`, 0, 0],
    ]);
    // The simulated clock runs on real time plus the jumps: allow for the seconds the calls took.
    const [one, two, three] = s.hours;
    expect(one?.averageSeconds).toBeGreaterThanOrEqual(120);
    expect(one?.averageSeconds).toBeLessThan(140);
    expect(two?.averageSeconds).toBeGreaterThanOrEqual(3600);
    expect(two?.averageSeconds).toBeLessThan(3620);
    expect(three?.averageSeconds).toBeNull();
    expect(s.averageSeconds).toBe(Math.round(((one?.averageSeconds ?? 0) + (two?.averageSeconds ?? 0)) / 2));
    expect(s.tables).toEqual([{ locationName: "7", orders: 1, averageSeconds: one?.averageSeconds }]);

    // The figures agree with history's own delivery times.
    const items = (await api(t.base, "GET", "/api/v2/orders", { token })).body.items as Array<{
      name: string;
      deliveryTime: number | null;
    }>;
    expect(items.find((i) => i.name === "1")?.deliveryTime).toBe(one?.averageSeconds);
    expect(items.find((i) => i.name === "2")?.deliveryTime).toBe(two?.averageSeconds);
  });

  it("counts a delivery in its range even when the order was created before it", async () => {
    const s = (await range(`?from=${day}T02:00:00&to=${day}T03:00:00`)).body.range as RangeStatistics;
    expect(s.orders).toBe(1);
    expect(s.delivered).toBe(1);
    expect(s.tables).toEqual([]);
    expect(s.hours).toHaveLength(1);
  });

  it("answers an empty range with zero counts and null averages", async () => {
    const s = (await range(`?from=${day}T05:00:00&to=${day}T06:00:00`)).body.range as RangeStatistics;
    expect(s).toMatchObject({ orders: 0, delivered: 0, averageSeconds: null, percentGoal: null, tables: [] });
  });

  it("leaves GET /statistics as it was", async () => {
    const r = await api(t.base, "GET", "/api/v2/statistics", { token });
    expect(r.body.returnCode).toBe(10);
    expect((r.body.statistics as { ordersToday: number }).ordersToday).toBe(2);
  });

  it("needs a token", async () => {
    expectError(await api(t.base, "GET", `/api/v2/statistics/range?from=${day}T01:00:00&to=${day}T02:00:00`), 401, -2);
  });

  it.each([
    ["", "from"],
    [`?from=${"2026-11-01T00:00:00"}`, "to"],
    ["?from=2026-11-01&to=2026-11-02T00:00:00", "from"],
    ["?from=2026-11-01T00:00:00&to=2026-11-31T00:00:00", "to"],
    ["?from=2026-11-02T00:00:00&to=2026-11-01T00:00:00", "after"],
    ["?from=2026-11-01T00:00:00&to=2026-11-01T00:00:00", "after"],
    ["?from=2026-01-01T00:00:00&to=2026-04-04T00:00:00", "92 days"],
  ])("refuses %s with -25 naming %s", async (query, word) => {
    const r = await range(query);
    expectError(r, 400, -25);
    expect(r.body.message).toContain(word);
  });

  it.each(["0", "-5", "abc", "1.5"])("refuses target_time=%s with -22", async (v) => {
    expectError(await range(`?from=${day}T01:00:00&to=${day}T02:00:00&target_time=${v}`), 400, -22);
  });
});
