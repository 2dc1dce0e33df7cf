// History query parsing (spec §5: -23 limit, -24 offset, -25 date, -12 type, -10 location),
// target_time (§6: -22) and the statistics math over today's cleared orders.
import { describe, expect, it } from "vitest";
import { expectCode } from "../../test/helpers/domain.js";
import { computeStatistics, parseHistoryQuery, parseTargetTime, todayRange } from "./history.js";

describe("GET /orders query", () => {
  it("defaults to offset 0, limit 25, no filters", () => {
    expect(parseHistoryQuery({}, "UTC")).toEqual({ offset: 0, limit: 25 });
  });

  it("reads every parameter; dates are gateway-local", () => {
    const q = parseHistoryQuery(
      {
        offset: "50",
        limit: "100",
        created_after: "2026-01-15T00:00:00",
        created_before: "2026-01-16T00:00:00",
        order_type: "TO_GO",
        location_name: "12",
      },
      "-05:00",
    );
    expect(q).toEqual({
      offset: 50,
      limit: 100,
      createdAfter: Date.UTC(2026, 0, 15, 5),
      createdBefore: Date.UTC(2026, 0, 16, 5),
      orderType: "TO_GO",
      locationName: "12",
    });
  });

  it("ON_PREMISES is read as ON_PREMISE", () => {
    expect(parseHistoryQuery({ order_type: "ON_PREMISES" }, "UTC").orderType).toBe("ON_PREMISE");
  });

  it.each(["0", "101", "-1", "1.5", "abc", "", ["1", "2"]])("limit %j is -23", (limit) => {
    expectCode(() => parseHistoryQuery({ limit }, "UTC"), "INVALID_LIMIT");
  });

  it.each(["-1", "1.5", "x", "", "99999999999999999999"])("offset %j is -24", (offset) => {
    expectCode(() => parseHistoryQuery({ offset }, "UTC"), "INVALID_OFFSET");
  });

  it.each([
    "2026-02-30T00:00:00",
    "2026-01-15 00:00:00",
    "2026-01-15",
    "2026-01-15T24:00:00",
    "2026-01-15T00:00:00Z",
    "yesterday",
  ])("created_after / created_before %j is -25", (date) => {
    expectCode(() => parseHistoryQuery({ created_after: date }, "UTC"), "INVALID_DATE");
    expectCode(() => parseHistoryQuery({ created_before: date }, "UTC"), "INVALID_DATE");
  });

  it.each(["DINE_IN", "to_go", ""])("order_type %j is -12", (order_type) => {
    expectCode(() => parseHistoryQuery({ order_type }, "UTC"), "INVALID_ORDER_TYPE");
  });

  it.each(["A1", "", "1234567890", "-3"])("location_name %j is -10", (location_name) => {
    expectCode(() => parseHistoryQuery({ location_name }, "UTC"), "INVALID_LOCATION_NAME");
  });
});

describe("target_time", () => {
  it("defaults to the setting", () => {
    expect(parseTargetTime(undefined, 300)).toBe(300);
  });

  it("takes a positive integer", () => {
    expect(parseTargetTime("45", 300)).toBe(45);
  });

  it.each(["0", "-5", "1.5", "abc", "", ["1", "2"]])("%j is -22", (raw) => {
    expectCode(() => parseTargetTime(raw, 300), "INVALID_TARGET_TIME");
  });
});

describe("statistics math", () => {
  const order = (seconds: number) => ({ created: 0, clearedAt: seconds * 1000 });

  it("are all zero with no orders cleared today", () => {
    expect(computeStatistics([], 300)).toEqual({ averageSeconds: 0, ordersToday: 0, targetTime: 300, percentGoal: 0 });
  });

  it("average the delivery times and count the share within the target (inclusive)", () => {
    expect(computeStatistics([order(100), order(200), order(300), order(400)], 300)).toEqual({
      averageSeconds: 250,
      ordersToday: 4,
      targetTime: 300,
      percentGoal: 75,
    });
  });

  it("round the percentage to two decimals and the mean to whole seconds", () => {
    expect(computeStatistics([order(100), order(200), order(401)], 300)).toMatchObject({
      averageSeconds: 234,
      percentGoal: 66.67,
    });
  });
});

describe("today", () => {
  it("is the local calendar day of the gateway's zone", () => {
    const now = Date.UTC(2026, 0, 15, 3, 0, 0); // 22:00 on the 14th in New York
    expect(todayRange(now, "America/New_York")).toEqual([Date.UTC(2026, 0, 14, 5), Date.UTC(2026, 0, 15, 5)]);
  });

  it("is 23 hours long on the day clocks spring forward", () => {
    const [from, to] = todayRange(Date.UTC(2026, 2, 8, 17), "America/New_York");
    expect(to - from).toBe(23 * 3600_000);
  });
});
