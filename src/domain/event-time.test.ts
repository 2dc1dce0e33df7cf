// radio.md §1: a tracker's ts is believed when it lies in the past 24 h; older reports of a
// tracker than its newest applied one are stale.
import { describe, expect, it } from "vitest";
import { eventTime, isStale, MAX_EVENT_AGE_MS } from "./event-time.js";

const now = 1_800_000_000_000;

describe("eventTime", () => {
  it("keeps a past ts within 24 h", () => {
    expect(eventTime(now - 5_000, now)).toBe(now - 5_000);
    expect(eventTime(now - MAX_EVENT_AGE_MS, now)).toBe(now - MAX_EVENT_AGE_MS);
  });

  it("replaces a missing, future or too old ts by the arrival time", () => {
    expect(eventTime(undefined, now)).toBe(now);
    expect(eventTime(now + 1, now)).toBe(now);
    expect(eventTime(now - MAX_EVENT_AGE_MS - 1, now)).toBe(now);
  });
});

describe("isStale", () => {
  it("drops only what is older than the newest applied report", () => {
    expect(isStale(now, undefined)).toBe(false);
    expect(isStale(now, now)).toBe(false);
    expect(isStale(now - 1, now)).toBe(true);
  });
});
