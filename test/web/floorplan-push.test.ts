// [opentt] The Floor plan view follows FLOORPLAN_CHANGED (issue 18): a plan saved elsewhere (here
// over the API, as another screen's editor would) shows on an open view without a reload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, getToken } from "../helpers/gateway.js";
import { type BrowserRig, openPage, screenshot, startRig } from "./browser.js";

let rig: BrowserRig;
let token: string;
const table = (number: string, x: number) => ({
  number,
  x,
  y: 40,
  w: 120,
  h: 120,
  shape: "rect",
  seats: 2,
  section: null,
});

beforeAll(async () => {
  rig = await startRig();
  token = await getToken(rig.t, "plan-push");
  await call(rig.t.base, "PUT", "/api/v2/floorplan", {
    token,
    body: { floorplan: { version: 0, sections: [], tables: [table("1", 40)] } },
  });
});
afterAll(async () => {
  await rig?.close();
});

describe("floor plan view", () => {
  it("redraws when another screen saves the plan", async () => {
    const { context, page, errors } = await openPage(rig, { token, viewport: { width: 1280, height: 800 } });
    try {
      await page.evaluate(() => (location.hash = "#/plan"));
      await page.waitForSelector('[data-plan-table="1"]', { timeout: 5000 });
      const saved = await call(rig.t.base, "PUT", "/api/v2/floorplan", {
        token,
        body: { floorplan: { version: 1, sections: [], tables: [table("1", 40), table("2", 300)] } },
      });
      expect(saved.status).toBe(200);
      await page.waitForSelector('[data-plan-table="2"]', { timeout: 5000 });
      await screenshot(page, "plan-pushed-tablet");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
