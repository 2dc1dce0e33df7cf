// Token lookup in constant time (spec §0): the secret's hash is compared with every stored
// hash through crypto.timingSafeEqual, so the time taken does not depend on which token (if
// any) matched. crypto is wrapped here only to count the comparisons.
import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { domainKit } from "../../test/helpers/domain.js";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

describe("verify", () => {
  it("compares against every token with timingSafeEqual, whichever matches", () => {
    const k = domainKit();
    const secrets = ["a", "b", "c", "d"].map((n) => k.tokens.create(n, null, "UTC").token);
    const compare = vi.mocked(crypto.timingSafeEqual);
    for (const [i, secret] of [...secrets, "f".repeat(48)].entries()) {
      compare.mockClear();
      const found = k.tokens.verify(secret);
      expect(found?.name).toBe(["a", "b", "c", "d"][i]);
      expect(compare).toHaveBeenCalledTimes(4);
    }
  });
});
