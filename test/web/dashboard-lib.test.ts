// The dashboard's pure helpers: gateway-local time arithmetic, urgency colours, and the
// statistics view's hourly series.
import { describe, expect, it } from "vitest";
import { elapsedNow } from "../../web/src/lib/elapsed.js";
import { hourlySeries } from "../../web/src/lib/stats-math.js";
import { dayAfter, formatDuration, formatLocal, parseLocal, shortDateTime } from "../../web/src/lib/time.js";
import { urgency } from "../../web/src/lib/urgency.js";

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
    // Node runs without navigator.languages: English (en-US), through Intl.
    expect(shortDateTime("2026-11-29T12:05:09")).toBe("Nov 29, 12:05 PM");
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
  it("turns the gateway's hourly buckets into chart columns, gaps kept as null", () => {
    const s = hourlySeries([
      { hour: "2026-11-29T12:00:00", orders: 2, delivered: 2, averageSeconds: 180 },
      { hour: "2026-11-29T13:00:00", orders: 0, delivered: 0, averageSeconds: null },
      { hour: "2026-11-29T14:00:00", orders: 3, delivered: 1, averageSeconds: 350 },
    ]);
    expect(s.hours).toEqual([0, 1, 2].map((h) => parseLocal("2026-11-29T12:00:00") / 1000 + h * 3600));
    expect(s.orders).toEqual([2, 0, 3]);
    expect(s.avgDelivery).toEqual([180, null, 350]);
  });
});
