import { describe, expect, it } from "vitest";
import { DEVICE_CODE_ALPHABET, MAX_BATCH, parseDeviceCode, parseSyncBatch } from "./sync.js";
import { TrackerError } from "./tracker-error.js";

const code = (raw: unknown) => {
  try {
    return parseDeviceCode(raw);
  } catch (e) {
    return (e as TrackerError).returnCode;
  }
};

describe("device codes", () => {
  it("normalises case, dashes and spaces; -18 when absent, -17 when malformed", () => {
    expect(code("kx7m-q2pd")).toBe("KX7M-Q2PD");
    expect(code(" KX7M Q2PD ")).toBe("KX7M-Q2PD");
    expect(code("KX7MQ2PD")).toBe("KX7M-Q2PD");
    expect(code(undefined)).toBe(-18);
    expect(code("")).toBe(-18);
    expect(code(null)).toBe(-18);
    expect(code(12345678)).toBe(-17);
    expect(code("KX7M-Q2P")).toBe(-17);
    expect(code("KX7M-Q2PDX")).toBe(-17);
    // 0, 1, I and O are never issued, so a code holding them was mistyped.
    expect(code("KX7M-Q2P0")).toBe(-17);
    expect(code("KX7M-Q2PI")).toBe(-17);
    expect(DEVICE_CODE_ALPHABET).not.toMatch(/[01IO]/);
  });
});

describe("upload batches", () => {
  const order = {
    uuid: "3f2b8c1e-6f0a-4c2d-9b7e-1a2b3c4d5e6f",
    version: 2,
    name: "12",
    orderType: "TO_GO",
    locationName: "4",
    state: "located",
    created: 1_700_000_000_000,
    stateChanged: 1_700_000_060_000,
    locatedAt: 1_700_000_060_000,
    pagedAt: null,
    clearedAt: null,
    clearedReason: null,
    paged: false,
  };

  it("accepts a well-formed batch and defaults the site figures", () => {
    const b = parseSyncBatch({ orders: [order] });
    // An order without readyAt (a gateway older than the ready mark) reads as never marked.
    expect(b).toEqual({
      zone: "UTC",
      targetTime: 300,
      pending: 0,
      oldestAgeMs: null,
      orders: [{ ...order, readyAt: null }],
    });
  });

  it("names the first bad field", () => {
    const bad = (o: Record<string, unknown>) => {
      try {
        parseSyncBatch({ orders: [{ ...order, ...o }] });
        return "accepted";
      } catch (e) {
        return (e as TrackerError).message;
      }
    };
    expect(bad({ version: 0 })).toContain("orders[0].version");
    expect(bad({ orderType: "DRIVE_IN" })).toContain("orderType");
    expect(bad({ clearedReason: "LOST" })).toContain("clearedReason");
    expect(bad({ locatedAt: -1 })).toContain("locatedAt");
    expect(bad({ paged: "no" })).toContain("paged");
    expect(bad({ name: "" })).toContain("name");
    // What a PostgreSQL column cannot hold is refused here, not by the cloud's database.
    expect(bad({ version: 2 ** 31 })).toContain("orders[0].version");
    expect(bad({ version: 2 ** 31 - 1 })).toBe("accepted");
    expect(bad({ name: "1\u00002" })).toContain("orders[0].name");
    expect(bad({ locationName: "T\u00004" })).toContain("orders[0].locationName");
  });

  it("reads site figures past PostgreSQL's integer as the defaults", () => {
    const b = parseSyncBatch({ orders: [], targetTime: 2 ** 31, pending: 2 ** 40 });
    expect([b.targetTime, b.pending]).toEqual([300, 0]);
  });

  it(`refuses a non-object body and more than ${MAX_BATCH} orders`, () => {
    expect(() => parseSyncBatch([])).toThrow(TrackerError);
    expect(() => parseSyncBatch({ orders: "x" })).toThrow(/"orders"/);
    expect(() => parseSyncBatch({ orders: Array(MAX_BATCH + 1).fill(order) })).toThrow(/at most/);
  });
});
