// [opentt] GET/PUT /api/v2/floorplan (issue 18.1): an empty plan is version 0; a PUT saves over
// the version it read and answers the new one; a stale version is 409 saying what to do; every
// validation error names the table and what to fix; the plan survives a restart.
import { describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { startTestGateway, type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
let token: string;
const put = (body: unknown) => api(t.base, "PUT", "/api/v2/floorplan", { token, body });
const table = (number: string, extra: Record<string, unknown> = {}) => ({
  number,
  x: 10,
  y: 10,
  w: 80,
  h: 80,
  shape: "rect",
  seats: 4,
  section: "Patio",
  ...extra,
});

useTestGateway((g, tok) => {
  t = g;
  token = tok;
});

describe("/api/v2/floorplan", () => {
  it("is empty at version 0 (200/24)", async () => {
    const r = await api(t.base, "GET", "/api/v2/floorplan", { token });
    expect(r.body).toEqual({ status: 200, returnCode: 24, floorplan: { version: 0, tables: [], sections: [] } });
  });

  it("PUT with the version read saves it as the next version (200/25)", async () => {
    const plan = {
      version: 0,
      sections: ["Patio", "Bar"],
      tables: [table("1"), table("12", { x: 200, shape: "round", section: null })],
    };
    const r = await put({ floorplan: plan });
    expect(r.body).toEqual({ status: 200, returnCode: 25, floorplan: { ...plan, version: 1 } });
    expect((await api(t.base, "GET", "/api/v2/floorplan", { token })).body.floorplan).toEqual({ ...plan, version: 1 });
  });

  it("a PUT over a stale version is 409/-36 naming both versions, and changes nothing", async () => {
    const r = await put({ floorplan: { version: 0, sections: [], tables: [] } });
    expectError(r, 409, -36);
    expect(r.body.message).toMatch(/version 0.*version 1.*Reload/);
    expect(
      ((await api(t.base, "GET", "/api/v2/floorplan", { token })).body.floorplan as { tables: unknown[] }).tables,
    ).toHaveLength(2);
  });

  it.each([
    [
      { version: 1, sections: [], tables: [table("1", { section: null }), table("1", { section: null })] },
      /table 1 appears twice/,
    ],
    [
      { version: 1, sections: [], tables: [table("1234567890", { section: null })] },
      /tables\[0\]\.number must be 1-9 digits/,
    ],
    [{ version: 1, sections: [], tables: [table("5")] }, /table 5: section "Patio" is not in "sections"/],
    [
      { version: 1, sections: ["A"], tables: [table("5", { section: "A", w: 5 })] },
      /table 5: w must be an integer from 20 to 400/,
    ],
    [{ version: 1, sections: ["A"], tables: [table("5", { section: "A", x: 950 })] }, /table 5 runs off the plan/],
    [{ version: 1, sections: ["A", "A"], tables: [] }, /section "A" is listed twice/],
    [
      { version: 1, sections: [], tables: [table("5", { section: null, shape: "hex" })] },
      /shape must be "rect" or "round"/,
    ],
    [{ sections: [], tables: [] }, /"version" must be the version you read/],
  ])("refuses %j with 400/-37 saying what to fix", async (plan, message) => {
    const r = await put({ floorplan: plan });
    expectError(r, 400, -37);
    expect(r.body.message).toMatch(message);
  });

  it("needs a token, and the plan survives a restart", async () => {
    expectError(await api(t.base, "GET", "/api/v2/floorplan"), 401, -2);
    const dataDir = t.dataDir;
    await t.stop({ keepData: true });
    t = await startTestGateway({ dataDir });
    const r = await api(t.base, "GET", "/api/v2/floorplan", { token });
    expect((r.body.floorplan as { version: number }).version).toBe(1);
  });
});
