// The shift report's arithmetic on hand-made orders: hours (empty ones kept), sections from the
// plan ("No section" for tables off the plan and orders without a table), average, the p90 rule,
// share on target and the orders late right now.
import { describe, expect, it } from "vitest";
import type { ActiveOrder, FloorPlan, OrderSummary } from "../../src/protocol/wire.js";
import { figures, p90, shiftReport } from "../../web/src/lib/shift-report.js";
import { periodOrders } from "../../web/src/views/report.js";

const plan: FloorPlan = {
  version: 3,
  sections: ["Dining room", "Patio"],
  tables: [
    { number: "1", x: 0, y: 0, w: 80, h: 80, shape: "rect", seats: 4, section: "Dining room" },
    { number: "2", x: 100, y: 0, w: 80, h: 80, shape: "rect", seats: 4, section: "Dining room" },
    { number: "20", x: 200, y: 0, w: 80, h: 80, shape: "round", seats: 2, section: "Patio" },
    { number: "30", x: 300, y: 0, w: 80, h: 80, shape: "round", seats: 2, section: null },
  ],
};

let n = 0;
function order(started: string, table: string | null, delivery: number | null): OrderSummary {
  n += 1;
  return {
    type: "ORDER_SUMMARY",
    name: String(n),
    uuid: `u${n}`,
    orderType: "ON_PREMISE",
    locationName: table,
    state: delivery === null ? "located" : "cleared",
    orderStarted: started,
    orderLocated: null,
    orderPaged: null,
    orderCleared: null,
    orderClearedReason: delivery === null ? null : "TRACKER",
    timeToSit: null,
    deliveryTime: delivery,
  };
}
const active = (table: string, elapsed: number) => ({
  o: { name: table, locationName: table } as ActiveOrder,
  elapsed,
});

describe("p90 (nearest rank: the ⌈0.9·n⌉-th smallest)", () => {
  it("is one of the values, never interpolated", () => {
    expect(p90([])).toBeNull();
    expect(p90([42])).toBe(42);
    // n = 10: the 9th smallest.
    expect(p90([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])).toBe(90);
    // n = 11: ⌈9.9⌉ = 10th smallest, whatever the input order.
    expect(p90([110, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])).toBe(100);
    // n = 3: ⌈2.7⌉ = 3rd, the largest.
    expect(p90([300, 100, 200])).toBe(300);
  });
});

describe("figures", () => {
  it("counts every order, averages the delivered ones and shares on target (≤ target)", () => {
    const f = figures(
      [
        order("2026-11-29T12:00:00", "1", 100),
        order("2026-11-29T12:01:00", "1", 300),
        order("2026-11-29T12:02:00", "1", null),
      ],
      300,
    );
    expect(f).toEqual({ orders: 3, delivered: 2, averageSeconds: 200, p90Seconds: 300, onTarget: 1 });
  });
  it("has no average, p90 or share without a delivery", () => {
    expect(figures([order("2026-11-29T12:00:00", "1", null)], 300)).toEqual({
      orders: 1,
      delivered: 0,
      averageSeconds: null,
      p90Seconds: null,
      onTarget: null,
    });
  });
});

describe("shiftReport", () => {
  const orders = [
    order("2026-11-29T11:10:00", "1", 120),
    order("2026-11-29T11:40:00", "2", 420),
    order("2026-11-29T11:50:00", "20", 200),
    // 12:00–13:00 has no order.
    order("2026-11-29T13:05:00", "99", 250), // a table the plan lacks
    order("2026-11-29T13:15:00", null, 600), // no table at all
    order("2026-11-29T13:20:00", "30", null), // on the plan, in no section; not delivered yet
    order("2026-11-29T14:00:00", "1", 100), // the period's end is exclusive
  ];
  const report = shiftReport({
    orders,
    active: [active("1", 301), active("2", 300), active("20", 900), active("99", 1000), active("", 5000)],
    plan,
    target: 300,
    from: "2026-11-29T11:00:00",
    to: "2026-11-29T14:00:00",
  });

  it("has a row for every hour of the period, empty ones included", () => {
    expect(report.hours.map((h) => [new Date(h.hour).toISOString().slice(11, 16), h.orders, h.delivered])).toEqual([
      ["11:00", 3, 3],
      ["12:00", 0, 0],
      ["13:00", 3, 2],
    ]);
    expect(report.hours[0]).toMatchObject({ averageSeconds: 740 / 3, p90Seconds: 420, onTarget: 2 / 3 });
    expect(report.hours[1]).toMatchObject({ averageSeconds: null, p90Seconds: null, onTarget: null });
    expect(report.hours[2]).toMatchObject({ averageSeconds: 425, p90Seconds: 600, onTarget: 0.5 });
  });

  it("groups by the plan's sections, in its order, then No section", () => {
    expect(report.sections.map((s) => [s.section, s.orders, s.delivered, s.averageSeconds, s.onTarget])).toEqual([
      ["Dining room", 2, 2, 270, 0.5],
      ["Patio", 1, 1, 200, 1],
      [null, 3, 2, 425, 0.5],
    ]);
  });

  it("counts the orders late now (past the target, not at it) per section", () => {
    expect(report.sections.map((s) => [s.section, s.lateNow])).toEqual([
      ["Dining room", 1],
      ["Patio", 1],
      [null, 2],
    ]);
    expect(report.total.lateNow).toBe(4);
  });

  it("totals the whole period", () => {
    expect(report.total).toMatchObject({
      orders: 6,
      delivered: 5,
      averageSeconds: 318,
      p90Seconds: 600,
      onTarget: 0.6,
    });
  });

  it("keeps empty sections and hours when the period has no order", () => {
    const empty = shiftReport({
      orders: [],
      active: [],
      plan,
      target: 300,
      from: "2026-11-29T00:00:00",
      to: "2026-11-29T02:00:00",
    });
    expect(empty.hours.map((h) => h.orders)).toEqual([0, 0]);
    expect(empty.sections.map((s) => [s.section, s.orders, s.lateNow])).toEqual([
      ["Dining room", 0, 0],
      ["Patio", 0, 0],
      [null, 0, 0],
    ]);
  });
});

describe("the report's orders (every page of GET /orders)", () => {
  it("reads every page, and counts once an order a shifted page shows again", async () => {
    const all = Array.from({ length: 250 }, (_, i) =>
      order(`2026-11-29T12:${String(i % 60).padStart(2, "0")}:00`, "1", 60),
    );
    const asked: { offset?: number; limit?: number; createdAfter?: string; createdBefore?: string }[] = [];
    const client = {
      async history(q: { offset?: number; limit?: number; createdAfter?: string; createdBefore?: string }) {
        asked.push(q);
        const offset = q.offset ?? 0;
        // A new order arrives after the first page: every later page starts one earlier.
        const list = offset === 0 ? all : [order("2026-11-29T12:59:59", "2", null), ...all];
        return { count: 0, total: list.length, items: list.slice(offset, offset + (q.limit ?? 100)) };
      },
    } as unknown as Parameters<typeof periodOrders>[0];
    const got = await periodOrders(client, "2026-11-29T12:00:00", "2026-11-29T13:00:00");
    expect(asked.map((q) => [q.offset, q.limit, q.createdAfter, q.createdBefore])).toEqual([
      [0, 100, "2026-11-29T12:00:00", "2026-11-29T13:00:00"],
      [100, 100, "2026-11-29T12:00:00", "2026-11-29T13:00:00"],
      [200, 100, "2026-11-29T12:00:00", "2026-11-29T13:00:00"],
    ]);
    expect(got.total).toBe(251);
    expect(new Set(got.items.map((o) => o.uuid)).size).toBe(got.items.length);
    expect(got.items).toHaveLength(250);
  });
});
