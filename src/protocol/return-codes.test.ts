// The one return-code table (spec §3) against the contract: each error code's HTTP status,
// confirmations 1001-1013 as 200 with a message, and no two names with the same pair.
import { describe, expect, it } from "vitest";
import { type CodeName, codeNamesFor, isConfirmation, returnCodes } from "./return-codes.js";
import { TrackerError } from "./tracker-error.js";

const names = Object.keys(returnCodes) as CodeName[];

/** §3, row by row: returnCode → the HTTP statuses the contract allows for it. */
const CONTRACT: Record<number, number[]> = {
  [-1]: [400],
  [-2]: [401],
  [-3]: [403],
  [-4]: [400, 409],
  [-5]: [404, 405, 503, 500], // 500: a server error (§3, last paragraph)
  [-6]: [404],
  [-7]: [400],
  [-8]: [400],
  [-9]: [400],
  [-10]: [400],
  [-11]: [400],
  [-12]: [400],
  [-13]: [503],
  [-14]: [409],
  [-15]: [400],
  [-16]: [400],
  [-17]: [400],
  [-18]: [400],
  [-19]: [400],
  [-20]: [400],
  [-21]: [400],
  [-22]: [400],
  [-23]: [400],
  [-24]: [400],
  [-25]: [400],
  [-27]: [400],
  [-28]: [400],
  [-29]: [400],
  [-30]: [404],
  [-31]: [400, 413],
  [-32]: [408],
  [-33]: [400],
  [-34]: [400],
};

/**
 * [opentt] pairs the contract leaves open: the button's refusal (§9), a request that timed
 * out, headers too large, the simulator's input. A new pair must be added here on purpose.
 */
const EXTENSIONS: Record<number, number[]> = {
  [-5]: [403, 408],
  [-31]: [431],
  [-35]: [400],
  [-36]: [409],
  [-37]: [400],
  [-38]: [400],
  [-39]: [429],
};

describe("the return-code table", () => {
  it("tells apart names that share a (returnCode, httpStatus) pair by their messages", () => {
    const byPair = new Map<string, string[]>();
    for (const n of names) {
      const key = `${returnCodes[n].returnCode}/${returnCodes[n].httpStatus}`;
      byPair.set(key, [...(byPair.get(key) ?? []), returnCodes[n].message]);
    }
    for (const [pair, messages] of byPair) expect(new Set(messages).size, pair).toBe(messages.length);
  });

  it("gives every error of §3 its contract status", () => {
    for (const [code, statuses] of Object.entries(CONTRACT)) {
      for (const status of statuses) expect(codeNamesFor(Number(code), status), `${code}/${status}`).not.toEqual([]);
    }
  });

  it("uses no (returnCode, httpStatus) pair outside §3 and the [opentt] extensions", () => {
    for (const n of names) {
      const { returnCode, httpStatus } = returnCodes[n];
      if (returnCode >= 0) continue;
      const allowed = [...(CONTRACT[returnCode] ?? []), ...(EXTENSIONS[returnCode] ?? [])];
      expect(allowed, `${n} is ${returnCode}/${httpStatus}`).toContain(httpStatus);
    }
  });

  it("has confirmations 1001-1013, as 200", () => {
    const confirmations = names.filter((n) => isConfirmation(returnCodes[n].returnCode));
    expect([...new Set(confirmations.map((n) => returnCodes[n].returnCode))].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 13 }, (_, i) => 1001 + i),
    );
    for (const n of confirmations) expect(returnCodes[n].httpStatus).toBe(200);
    expect(isConfirmation(1000)).toBe(false);
    expect(isConfirmation(1014)).toBe(false);
  });

  it("names the two confirmations that share a number with another: webhook removed, cloud unbound", () => {
    expect(returnCodes.WEBHOOK_REMOVED).toEqual({ returnCode: 1005, httpStatus: 200, message: "Webhook removed" });
    expect(returnCodes.CLOUD_UNBOUND).toEqual({ returnCode: 1011, httpStatus: 200, message: "Unbound from the cloud" });
  });

  it("has success results 1-16 as in §1, created ones as 201", () => {
    const results = names.filter((n) => returnCodes[n].returnCode > 0 && returnCodes[n].returnCode <= 16);
    expect(results.map((n) => returnCodes[n].returnCode).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
    expect(returnCodes.TOKEN_CREATED).toMatchObject({ returnCode: 2, httpStatus: 201 });
    expect(returnCodes.ORDER_CREATED).toMatchObject({ returnCode: 3, httpStatus: 201 });
    expect(returnCodes.ACTIVE_ORDER).toMatchObject({ returnCode: 6, httpStatus: 200 });
  });

  it("pairs an error status with a negative code and a success status with a positive one", () => {
    for (const n of names) {
      const { returnCode, httpStatus } = returnCodes[n];
      expect(returnCode < 0, n).toBe(httpStatus >= 400);
    }
  });

  it("has a message for every entry", () => {
    for (const n of names) expect(returnCodes[n].message.length, n).toBeGreaterThan(0);
  });
});

describe("TrackerError", () => {
  it("renders the envelope of its code", () => {
    expect(new TrackerError("ORDER_NOT_FOUND").toEnvelope()).toEqual({
      status: 404,
      returnCode: -6,
      message: returnCodes.ORDER_NOT_FOUND.message,
    });
  });

  it("keeps a more precise message", () => {
    expect(new TrackerError("INVALID_JSON", "bad body").toEnvelope()).toEqual({
      status: 400,
      returnCode: -31,
      message: "bad body",
    });
  });
});
