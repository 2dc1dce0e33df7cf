// The local-time codec (spec §0, §7): IANA zones and fixed offsets, DST edges, strict parsing,
// and encode → decode → encode round trips over many instants.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatLocal, isValidZone, parseLocal, startOfLocalDay, zoneOffsetMs } from "./local-time.js";

const NY = "America/New_York";

describe("formatLocal", () => {
  it("writes YYYY-MM-DDTHH:MM:SS without a zone, dropping milliseconds", () => {
    expect(formatLocal(Date.UTC(2026, 0, 15, 12, 34, 56, 789), "UTC")).toBe("2026-01-15T12:34:56");
  });

  it("follows an IANA zone through standard and daylight time", () => {
    expect(formatLocal(Date.UTC(2026, 0, 15, 17), NY)).toBe("2026-01-15T12:00:00");
    expect(formatLocal(Date.UTC(2026, 6, 15, 16), NY)).toBe("2026-07-15T12:00:00");
  });

  it("applies fixed offsets, including half hours", () => {
    expect(formatLocal(Date.UTC(2026, 0, 15, 12), "-05:00")).toBe("2026-01-15T07:00:00");
    expect(formatLocal(Date.UTC(2026, 0, 15, 12), "+05:30")).toBe("2026-01-15T17:30:00");
    expect(formatLocal(Date.UTC(2026, 0, 15, 23, 30), "+01:00")).toBe("2026-01-16T00:30:00");
  });

  it("jumps from 01:59:59 to 03:00:00 when New York springs forward", () => {
    const jump = Date.UTC(2026, 2, 8, 7); // 02:00 EST = 03:00 EDT
    expect(formatLocal(jump - 1000, NY)).toBe("2026-03-08T01:59:59");
    expect(formatLocal(jump, NY)).toBe("2026-03-08T03:00:00");
  });

  it("repeats 01:xx when New York falls back", () => {
    const back = Date.UTC(2026, 10, 1, 6); // 02:00 EDT = 01:00 EST
    expect(formatLocal(back - 1000, NY)).toBe("2026-11-01T01:59:59");
    expect(formatLocal(back, NY)).toBe("2026-11-01T01:00:00");
  });
});

describe("zones", () => {
  it.each(["UTC", NY, "Europe/Paris", "Asia/Kolkata", "+00:00", "-05:00", "+14:00", "-14:00", "+05:45"])(
    "%s is valid",
    (z) => {
      expect(isValidZone(z)).toBe(true);
    },
  );

  it.each(["", "Mars/Base", "+15:00", "+14:30", "-05", "05:00", "+5:00", "+05:60", "EST5EDT8", 5, null])(
    "%j is not",
    (z) => {
      expect(isValidZone(z)).toBe(false);
    },
  );

  it("offsets are reported in milliseconds", () => {
    expect(zoneOffsetMs(0, "-05:00")).toBe(-5 * 3600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 1), NY)).toBe(-4 * 3600_000);
  });
});

describe("parseLocal", () => {
  it("reads a local time in the zone", () => {
    expect(parseLocal("2026-01-15T12:00:00", NY)).toBe(Date.UTC(2026, 0, 15, 17));
    expect(parseLocal("2026-07-15T12:00:00", NY)).toBe(Date.UTC(2026, 6, 15, 16));
    expect(parseLocal("2026-01-15T12:00:00", "+05:30")).toBe(Date.UTC(2026, 0, 15, 6, 30));
  });

  it("accepts 29 February only in leap years", () => {
    expect(parseLocal("2024-02-29T00:00:00", "UTC")).toBe(Date.UTC(2024, 1, 29));
    expect(parseLocal("2025-02-29T00:00:00", "UTC")).toBeUndefined();
  });

  it.each([
    "2026-02-30T00:00:00",
    "2026-13-01T00:00:00",
    "2026-00-10T00:00:00",
    "2026-01-00T00:00:00",
    "2026-01-15T24:00:00",
    "2026-01-15T12:60:00",
    "2026-01-15T12:00:60",
    "2026-01-15 12:00:00",
    "2026-01-15T12:00",
    "2026-01-15T12:00:00Z",
    "2026-01-15T12:00:00-05:00",
    "2026-01-15T12:00:00.000",
    "26-01-15T12:00:00",
    " 2026-01-15T12:00:00",
    "",
  ])("refuses %j", (text) => {
    expect(parseLocal(text, "UTC")).toBeUndefined();
  });

  it("refuses what is not a string", () => {
    expect(parseLocal(20260115, "UTC")).toBeUndefined();
  });

  it("reads an ambiguous fall-back time as one of its two instants", () => {
    const ms = parseLocal("2026-11-01T01:30:00", NY);
    expect([Date.UTC(2026, 10, 1, 5, 30), Date.UTC(2026, 10, 1, 6, 30)]).toContain(ms);
  });

  it("reads a time in the spring-forward gap as an instant an hour either side", () => {
    const ms = parseLocal("2026-03-08T02:30:00", NY);
    expect([Date.UTC(2026, 2, 8, 6, 30), Date.UTC(2026, 2, 8, 7, 30)]).toContain(ms);
  });
});

describe("round trips", () => {
  const zones = ["UTC", NY, "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "-05:00", "+05:30", "+14:00"];
  // Whole seconds from 1990 to 2060.
  const instant = fc.integer({ min: 631_152_000, max: 2_871_763_200 }).map((s) => s * 1000);

  it("encode → decode → encode gives the same text in every zone", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (ms, zone) => {
        const text = formatLocal(ms, zone);
        const back = parseLocal(text, zone);
        expect(back).toBeDefined();
        expect(formatLocal(back as number, zone)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("decode gives back the instant itself in zones without DST", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom("UTC", "-05:00", "+05:30", "Asia/Kolkata"), (ms, zone) => {
        expect(parseLocal(formatLocal(ms, zone), zone)).toBe(ms);
      }),
      { numRuns: 1000 },
    );
  });

  it("every day starts at local midnight", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (ms, zone) => {
        const start = startOfLocalDay(ms, zone);
        expect(start).toBeLessThanOrEqual(ms);
        expect(formatLocal(start, zone).slice(0, 10)).toBe(formatLocal(ms, zone).slice(0, 10));
      }),
      { numRuns: 500 },
    );
  });
});
