// Range statistics as a pure fold: local-hour buckets (with a zone offset), averages, nulls for
// empty hours and ranges, per-table figures, and the query's error codes.
import { describe, expect, it } from "vitest";
import { parseLocal } from "../protocol/local-time.js";
import type { TrackerError } from "../protocol/tracker-error.js";
import { computeRangeStatistics, parseRangeQuery } from "./range-statistics.js";
import type { RangeRow } from "./records.js";

const ZONE = "-05:00";
const at = (local: string) => parseLocal(local, ZONE) as number;
const row = (
  created: string,
  cleared: string | null,
  reason: RangeRow["clearedReason"] = "TRACKER",
  locationName: string | null = null,
): RangeRow => ({ created: at(created), clearedAt: cleared ? at(cleared) : null, clearedReason: reason, locationName });

const range = (rows: RangeRow[], from: string, to: string, targetTime = 300) =>
  computeRangeStatistics(rows, { from: at(from), to: at(to), targetTime, zone: ZONE });

describe("computeRangeStatistics", () => {
  it("buckets orders by local hour created and deliveries by local hour cleared", () => {
    const s = range(
      [
        row("2026-11-29T10:05:00", "2026-11-29T10:07:00", "TRACKER", "7"), // 120 s
        row("2026-11-29T10:50:00", "2026-11-29T11:00:00", "MANAGER_OVERRIDE", "7"), // 600 s
        row("2026-11-29T11:59:59", null),
        row("2026-11-29T09:58:00", "2026-11-29T10:02:00", "TRACKER", "9"), // created before: 240 s
      ],
      "2026-11-29T10:00:00",
      "2026-11-29T13:00:00",
    );
    expect(s.from).toBe("2026-11-29T10:00:00");
    expect(s.to).toBe("2026-11-29T13:00:00");
    // Hours are the gateway's local hours (UTC 15:00 is 10:00 at -05:00).
    expect(s.hours).toEqual([
      { hour: "2026-11-29T10:00:00", orders: 2, delivered: 2, averageSeconds: 180 },
      { hour: "2026-11-29T11:00:00", orders: 1, delivered: 1, averageSeconds: 600 },
      { hour: "2026-11-29T12:00:00", orders: 0, delivered: 0, averageSeconds: null },
    ]);
    expect(s.orders).toBe(3);
    expect(s.delivered).toBe(3);
    expect(s.averageSeconds).toBe(320);
    expect(s.percentGoal).toBe(66.67);
  });

  it("counts neither automatic clears as deliveries nor rows outside the range", () => {
    const s = range(
      [
        row("2026-11-29T10:10:00", "2026-11-29T10:20:00", "AUTOMATIC", "7"),
        row("2026-11-29T08:00:00", "2026-11-29T09:00:00", "TRACKER", "7"),
        row("2026-11-29T10:30:00", "2026-11-29T11:30:00", "TRACKER", "7"), // cleared after `to`
      ],
      "2026-11-29T10:00:00",
      "2026-11-29T11:00:00",
    );
    expect(s.orders).toBe(2);
    expect(s.delivered).toBe(0);
    expect(s.averageSeconds).toBeNull();
    expect(s.percentGoal).toBeNull();
    expect(s.hours).toEqual([{ hour: "2026-11-29T10:00:00", orders: 2, delivered: 0, averageSeconds: null }]);
    expect(s.tables).toEqual([]);
  });

  it("starts at the local hour of a from that is not on the hour, with a half-hour zone", () => {
    const zone = "+05:30";
    const from = parseLocal("2026-11-29T10:30:00", zone) as number;
    const to = parseLocal("2026-11-29T12:00:00", zone) as number;
    const s = computeRangeStatistics([{ created: from, clearedAt: null, clearedReason: null, locationName: null }], {
      from,
      to,
      targetTime: 300,
      zone,
    });
    expect(s.hours.map((h) => [h.hour, h.orders])).toEqual([
      ["2026-11-29T10:00:00", 1],
      ["2026-11-29T11:00:00", 0],
    ]);
  });

  it("ranks tables by number with their deliveries and mean time; unlocated orders left out", () => {
    const s = range(
      [
        row("2026-11-29T10:00:00", "2026-11-29T10:01:00", "TRACKER", "10"),
        row("2026-11-29T10:00:00", "2026-11-29T10:03:00", "TRACKER", "9"),
        row("2026-11-29T10:00:00", "2026-11-29T10:05:00", "TRACKER", "9"),
        row("2026-11-29T10:00:00", "2026-11-29T10:09:00", "TRACKER", null),
      ],
      "2026-11-29T10:00:00",
      "2026-11-29T11:00:00",
    );
    expect(s.tables).toEqual([
      { locationName: "9", orders: 2, averageSeconds: 240 },
      { locationName: "10", orders: 1, averageSeconds: 60 },
    ]);
    expect(s.delivered).toBe(4);
  });

  it("keeps one bucket for an hour repeated when the clocks go back", () => {
    const zone = "America/New_York";
    const from = parseLocal("2026-11-01T00:00:00", zone) as number;
    const to = parseLocal("2026-11-01T03:00:00", zone) as number;
    const s = computeRangeStatistics([], { from, to, targetTime: 300, zone });
    expect(s.hours.map((h) => h.hour)).toEqual(["2026-11-01T00:00:00", "2026-11-01T01:00:00", "2026-11-01T02:00:00"]);
  });
});

describe("parseRangeQuery", () => {
  const code = (q: Record<string, unknown>) => {
    try {
      parseRangeQuery(q, ZONE, 300);
    } catch (e) {
      return [(e as TrackerError).returnCode, (e as TrackerError).message];
    }
    return null;
  };
  it("reads from, to and target_time", () => {
    expect(parseRangeQuery({ from: "2026-11-01T00:00:00", to: "2026-11-02T00:00:00" }, ZONE, 300)).toEqual({
      from: at("2026-11-01T00:00:00"),
      to: at("2026-11-02T00:00:00"),
      targetTime: 300,
    });
    expect(
      parseRangeQuery({ from: "2026-11-01T00:00:00", to: "2026-11-02T00:00:00", target_time: "90" }, ZONE, 300),
    ).toMatchObject({ targetTime: 90 });
  });
  it("refuses bad, missing, reversed and over-long ranges with -25, a bad target with -22", () => {
    expect(code({ to: "2026-11-02T00:00:00" })).toEqual([-25, expect.stringContaining("from")]);
    expect(code({ from: "2026-11-01T00:00:00", to: "2026-11-31T00:00:00" })).toEqual([
      -25,
      expect.stringContaining("to"),
    ]);
    expect(code({ from: "2026-11-01T00:00:00", to: "2026-11-01T00:00:00" })).toEqual([-25, expect.any(String)]);
    expect(code({ from: "2026-01-01T00:00:00", to: "2026-04-03T00:00:01" })).toEqual([
      -25,
      expect.stringContaining("92 days"),
    ]);
    expect(code({ from: "2026-01-01T00:00:00", to: "2026-04-03T00:00:00" })).toBeNull();
    expect(code({ from: "2026-11-01T00:00:00", to: "2026-11-02T00:00:00", target_time: "0" })?.[0]).toBe(-22);
  });
});
