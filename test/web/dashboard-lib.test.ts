// The dashboard's pure helpers: gateway-local time arithmetic, urgency colours, and the
// statistics view's hourly series and table heat map.
import { describe, expect, it } from "vitest";
import type { OrderSummary } from "../../src/protocol/wire.js";
import { elapsedNow } from "../../web/src/lib/elapsed.js";
import { hourlySeries, summarize, tableHeat } from "../../web/src/lib/stats-math.js";
import { dayAfter, formatDuration, formatLocal, parseLocal, shortDateTime } from "../../web/src/lib/time.js";
import { urgency } from "../../web/src/lib/urgency.js";

const item = (started: string, locationName: string | null, deliveryTime: number | null): OrderSummary => ({
  type: "ORDER_SUMMARY",
  name: "1",
  uuid: "00000000-0000-4000-8000-000000000000",
  orderType: "ON_PREMISE",
  locationName,
  state: deliveryTime === null ? "located" : "cleared",
  orderStarted: started,
  orderLocated: null,
  orderPaged: null,
  orderCleared: null,
  orderClearedReason: null,
  timeToSit: null,
  deliveryTime,
});

describe("gateway-local time", () => {
  it("round-trips a timestamp and rejects a malformed one", () => {
    expect(formatLocal(parseLocal("2026-03-29T02:30:00"))).toBe("2026-03-29T02:30:00");
    expect(parseLocal("2026-03-29 02:30")).toBeNaN();
  });
  it("gives the exclusive end of a day, across a month end", () => {
    expect(dayAfter("2026-01-31")).toBe("2026-02-01T00:00:00");
  });
  it("formats durations as m:ss or h:mm:ss", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(245)).toBe("4:05");
    expect(formatDuration(3729)).toBe("1:02:09");
    expect(formatDuration(null)).toBe("—");
    expect(shortDateTime("2026-11-29T12:05:09")).toBe("Nov 29 12:05");
  });
});

describe("elapsed time", () => {
  const order = { elapsedTime: 100 } as Parameters<typeof elapsedNow>[0];
  it("ticks from the frame's elapsedTime and follows jumps of the simulated clock", () => {
    expect(elapsedNow(order, undefined, 5_000, 0)).toBe(100);
    expect(elapsedNow(order, { at: 1_000, sim: 0 }, 1_999, 0)).toBe(100);
    expect(elapsedNow(order, { at: 1_000, sim: 0 }, 4_500, 0)).toBe(103);
    expect(elapsedNow(order, { at: 1_000, sim: 60 }, 4_500, 660)).toBe(703);
    // A frame that came before the offset was known ages from its arrival, without a jump.
    expect(elapsedNow(order, { at: 1_000, sim: null }, 4_500, 660)).toBe(103);
  });
});

describe("urgency", () => {
  it("is green below 75 % of the target, yellow up to it, red past it", () => {
    expect(urgency(224, 300)).toBe("ok");
    expect(urgency(225, 300)).toBe("warn");
    expect(urgency(300, 300)).toBe("warn");
    expect(urgency(301, 300)).toBe("late");
  });
});

describe("statistics math", () => {
  const items = [
    item("2026-11-29T12:10:00", "7", 120),
    item("2026-11-29T12:50:00", "7", 240),
    item("2026-11-29T14:05:00", "9", 600),
    item("2026-11-29T14:06:00", null, 100),
    item("2026-11-29T14:07:00", "9", null),
    item("2026-11-28T23:59:59", "7", 10),
  ];
  it("buckets orders and average delivery by hour, empty hours included", () => {
    const s = hourlySeries(items, parseLocal("2026-11-29T12:00:00"), parseLocal("2026-11-29T15:00:00"));
    expect(s.hours).toEqual([0, 1, 2].map((h) => parseLocal("2026-11-29T12:00:00") / 1000 + h * 3600));
    expect(s.orders).toEqual([2, 0, 3]);
    expect(s.avgDelivery).toEqual([180, null, 350]);
  });
  it("ranks tables by number with their average and worst delivery", () => {
    expect(tableHeat(items)).toEqual([
      { table: "7", orders: 3, avgDelivery: 123, maxDelivery: 240 },
      { table: "9", orders: 1, avgDelivery: 600, maxDelivery: 600 },
    ]);
  });
  it("summarises a range against the target", () => {
    expect(summarize(items, 300)).toEqual({ delivered: 5, avg: 214, onTarget: 80 });
    expect(summarize([], 300)).toEqual({ delivered: 0, avg: null, onTarget: null });
  });
});
