// [opentt] The floor plan in the browser (issue 18.1, 18.2, 18.6): an empty plan built from the
// tables seen in history; the live plan with occupied tables, their order and elapsed time, a
// ready order marked with its wait, the section filter and the orders at tables the plan lacks;
// the editor's drag and save, and its message when another editor saved first; ready orders
// first on the board. At 1400 px, a 10-inch tablet (1280×800) and a 390 px phone, and in large
// type, with screenshots in test-results/screenshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, getToken } from "../helpers/gateway.js";
import { type BrowserRig, openPage, screenshot, startRig } from "./browser.js";
import { expectInside, measure } from "./fit-helpers.js";

const SCREENS = [
  { label: "1400", viewport: { width: 1400, height: 900 }, tv: false },
  { label: "tablet", viewport: { width: 1280, height: 800 }, tv: false },
  { label: "phone", viewport: { width: 390, height: 844 }, tv: false },
  { label: "tablet-large", viewport: { width: 1280, height: 800 }, tv: true },
] as const;

let rig: BrowserRig;
let token: string;
const api = (method: string, route: string, body?: unknown) => call(rig.t.base, method, route, { token, body });

beforeAll(async () => {
  rig = await startRig();
  token = await getToken(rig.t, "plan-test");
  // History: tables 5 and 6 had orders yesterday-ish.
  for (const [name, table] of [
    ["501", "5"],
    ["601", "6"],
  ] as const) {
    await api("POST", "/api/v2/activeorders", { name, orderType: "ON_PREMISE", locationName: table });
    await api("DELETE", `/api/v2/activeorders/${name}`);
  }
});
afterAll(async () => {
  await rig?.close();
});

describe("floor plan view", () => {
  it("an empty plan offers a grid of the tables seen in history; saving it makes version 1", async () => {
    const { context, page, errors } = await openPage(rig, { token, viewport: { width: 1280, height: 800 } });
    try {
      await page.evaluate(() => (location.hash = "#/plan"));
      await page.click('[data-action="grid-from-history"]', { timeout: 5000 });
      await page.waitForSelector('[data-edit-table="5"]', { timeout: 5000 });
      expect(
        await page.$$eval("[data-edit-table]", (els) => els.map((e) => e.getAttribute("data-edit-table"))),
      ).toEqual(["5", "6"]);
      await screenshot(page, "plan-grid-from-history-tablet");
      await page.click('[data-action="save-plan"]');
      await page.waitForSelector("[data-plan]", { timeout: 5000 });
      const plan = (await api("GET", "/api/v2/floorplan")).body.floorplan as { version: number; tables: unknown[] };
      expect(plan).toMatchObject({ version: 1 });
      expect(plan.tables).toHaveLength(2);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("the editor drags a table and saves; a save over someone else's is refused with what to do", async () => {
    const { context, page, errors } = await openPage(rig, { token, viewport: { width: 1400, height: 900 } });
    try {
      await page.evaluate(() => (location.hash = "#/plan"));
      await page.click('[data-action="edit-plan"]', { timeout: 5000 });
      const tile = await page.waitForSelector('[data-edit-table="5"]');
      const b = (await tile.boundingBox()) as { x: number; y: number; width: number; height: number };
      await page.mouse.move(b.x + 5, b.y + 5);
      await page.mouse.down();
      await page.mouse.move(b.x + 105, b.y + 65, { steps: 5 });
      await page.mouse.up();
      await page.click('[data-action="save-plan"]');
      await page.waitForSelector("[data-plan]", { timeout: 5000 });
      const plan = (await api("GET", "/api/v2/floorplan")).body.floorplan as {
        version: number;
        tables: Array<{ number: string; x: number }>;
      };
      expect(plan.version).toBe(2);
      const before = 50; // gridPlan: 2 columns of 500, tables of 300, 100 in from the cell's edge
      expect(plan.tables.find((t) => t.number === "5")?.x).toBeGreaterThan(before + 40);

      await page.click('[data-action="edit-plan"]');
      await page.waitForSelector("[data-plan-editor]");
      // Another editor saves first.
      await api("PUT", "/api/v2/floorplan", { floorplan: { ...plan, sections: ["Patio"] } });
      await page.click('[data-action="save-plan"]');
      const problem = await page.waitForSelector("[data-plan-problem]", { timeout: 5000 });
      expect(await problem.textContent()).toMatch(/changed by someone else.*version 2.*version 3/);
      await screenshot(page, "plan-editor-conflict-1400");
      await page.click('[data-action="reload-plan"]');
      await page.waitForSelector("[data-plan]");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  describe("live", () => {
    beforeAll(async () => {
      const current = (await api("GET", "/api/v2/floorplan")).body.floorplan as { version: number };
      await api("PUT", "/api/v2/floorplan", {
        floorplan: {
          version: current.version,
          sections: ["Patio", "Bar"],
          tables: [
            { number: "1", x: 40, y: 40, w: 200, h: 160, shape: "rect", seats: 4, section: "Patio" },
            { number: "2", x: 300, y: 40, w: 160, h: 160, shape: "round", seats: 2, section: "Bar" },
            { number: "123456789", x: 40, y: 300, w: 120, h: 80, shape: "rect", seats: 2, section: "Patio" },
            { number: "3", x: 600, y: 600, w: 100, h: 100, shape: "rect", seats: 2, section: "Bar" },
          ],
        },
      });
      await api("POST", "/api/v2/activeorders", { name: "101", orderType: "ON_PREMISE", locationName: "1" });
      await api("POST", "/api/v2/activeorders", { name: "102", orderType: "ON_PREMISE", locationName: "2" });
      await api("POST", "/api/v2/activeorders", {
        name: "987654321",
        orderType: "ON_PREMISE",
        locationName: "123456789",
      });
      await api("POST", "/api/v2/activeorders", { name: "103", orderType: "ON_PREMISE", locationName: "77" });
      await api("POST", "/api/v2/activeorders", { name: "104", orderType: "TO_GO" });
      await call(rig.t.base, "POST", "/sim/clock", { token, body: { advanceSeconds: 400 } });
      await api("POST", "/api/v2/activeorders/102/ready");
      await call(rig.t.base, "POST", "/sim/clock", { token, body: { advanceSeconds: 70 } });
    });

    for (const s of SCREENS) {
      it(`shows occupied and free tables, the ready order, and the orders off the plan (${s.label})`, async () => {
        const { context, page, errors } = await openPage(rig, { token, viewport: s.viewport });
        try {
          if (s.tv) await page.click('[data-action="tv"]');
          await page.evaluate(() => (location.hash = "#/plan"));
          await page.waitForSelector('[data-plan-table="1"][data-occupied="yes"]', { timeout: 5000 });
          // Marked ready 70 s ago on the gateway clock (plus the real seconds the tests took).
          await page.waitForFunction(() =>
            /Ready [1-9]:\d\d/.test(document.querySelector('[data-plan-table="2"] .plan-ready')?.textContent ?? ""),
          );
          expect(await page.getAttribute('[data-plan-table="2"]', "data-ready")).toBe("yes");
          expect(await page.getAttribute('[data-plan-table="3"]', "data-occupied")).toBe("no");
          expect(await page.getAttribute('[data-plan-table="1"]', "class")).toContain("urgency-late");
          expect(await page.textContent("[data-missing]")).toContain("103");
          expect(await page.textContent("[data-unseated]")).toContain("104");
          for (const f of await measure(
            page,
            ".plan-table",
            ".plan-order, .plan-table-number, .plan-elapsed, .plan-ready",
          ))
            expectInside(f, "table text");
          for (const f of await measure(page, "main", "[data-plan]")) expectInside(f, "plan");
          expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
          await screenshot(page, `plan-live-${s.label}`);

          await page.selectOption("[data-section-filter]", "Patio");
          await page.waitForSelector('[data-plan-table="2"]', { state: "detached" });
          expect(await page.$('[data-plan-table="1"]')).not.toBeNull();
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }

    it("the board puts the ready order first, with its wait since ready", async () => {
      const { context, page, errors } = await openPage(rig, { token, viewport: { width: 1280, height: 800 } });
      try {
        await page.waitForSelector('[data-order="102"]', { timeout: 5000 });
        expect(await page.getAttribute(".card >> nth=0", "data-order")).toBe("102");
        expect(await page.textContent('[data-order="102"] [data-ready-wait]')).toMatch(/Ready [1-9]:\d\d/);
        await page.click('[data-order="101"] [data-action="ready"]');
        await page.waitForSelector('[data-order="101"][data-ready="yes"]', { timeout: 5000 });
        await screenshot(page, "board-ready-first-tablet");
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});
