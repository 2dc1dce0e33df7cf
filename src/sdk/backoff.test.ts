// Backoff delays grow, cap, and are jittered within their band; bad options are refused.
import { describe, expect, it } from "vitest";
import { backoffDelay, resolveBackoff } from "./backoff.js";

describe("backoff", () => {
  const b = resolveBackoff({ initialMs: 100, maxMs: 1_000, factor: 2, jitter: 0.5 });
  it("grows by the factor up to the ceiling", () => {
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, b, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it("keeps the random part within the jitter fraction", () => {
    expect(backoffDelay(2, b, () => 0)).toBe(200);
    expect(backoffDelay(2, b, () => 0.5)).toBe(300);
  });
  it("rejects impossible options", () => {
    expect(() => resolveBackoff({ initialMs: 500, maxMs: 100 })).toThrow(/maxMs/);
    expect(() => resolveBackoff({ jitter: 2 })).toThrow(/jitter/);
    expect(() => resolveBackoff({ factor: 0.5 })).toThrow(/factor/);
  });
});
