import { describe, expect, it } from "vitest";
import { dateConditions, parseCloudDate, parseOrderQuery } from "./query-params.js";

describe("cloud query parameters", () => {
  it("reads dates as site-local timestamps; a bare dateTo means the end of that day", () => {
    expect(parseCloudDate("2026-03-10", "dateFrom", false)).toBe("2026-03-10T00:00:00");
    expect(parseCloudDate("2026-03-10", "dateTo", true)).toBe("2026-03-11T00:00:00");
    expect(parseCloudDate("2026-12-31", "dateTo", true)).toBe("2027-01-01T00:00:00");
    expect(parseCloudDate("2026-03-10T08:30", "dateTo", true)).toBe("2026-03-10T08:30:00");
    for (const bad of ["2026-02-30", "2026-13-01", "2026-03-10T25:00", "10/03/2026", "2026-03-10Z"]) {
      expect(() => parseCloudDate(bad, "dateFrom", false), bad).toThrow(/Invalid dateFrom/);
    }
  });

  it("parses every filter once and refuses repeated parameters", () => {
    expect(
      parseOrderQuery({
        limit: "10",
        offset: "20",
        orderType: "TO_GO",
        orderNumber: "12",
        tableNumber: "4",
        site: "3",
      }),
    ).toEqual({ offset: 20, limit: 10, orderType: "TO_GO", orderNumber: "12", tableNumber: "4", siteId: 3 });
    expect(() => parseOrderQuery({ limit: ["1", "2"] })).toThrow(/limit/);
    expect(() => parseOrderQuery({ site: "0" })).toThrow(/site/);
  });

  it("pairs each exact zone test with an index-friendly UTC bound", () => {
    const params: unknown[] = [7];
    const where = dateConditions({ dateFrom: "2026-03-10T00:00:00", dateTo: "2026-03-11T00:00:00" }, params);
    expect(params).toEqual([7, "2026-03-10T00:00:00", "2026-03-11T00:00:00"]);
    expect(where).toHaveLength(4);
    expect(where.filter((w) => w.includes("AT TIME ZONE s.zone"))).toHaveLength(2);
    expect(where.filter((w) => w.includes("interval '15 hours'"))).toHaveLength(2);
  });
});
