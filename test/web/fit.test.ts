// What must fit on every screen, measured in the browser at a desktop width, a 390 px phone and
// large type: order and table numbers of 1, 4 and 9 digits shrink rather than clip, the elapsed
// time and the reason Page is off stay inside their card, statistics' figures (late active
// orders beside the delivered share) fit their tiles, and every tab label is whole.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { es } from "../../web/src/i18n/es.js";
import { call, getToken } from "../helpers/gateway.js";
import { type BrowserRig, openPage, screenshot, startRig } from "./browser.js";
import { expectInside, measure } from "./fit-helpers.js";

const SCREENS = [
  { label: "1400", viewport: { width: 1400, height: 900 } },
  { label: "phone", viewport: { width: 390, height: 844 } },
] as const;
const TYPES = [
  { label: "normal", tv: false },
  { label: "large", tv: true },
] as const;
/** 1-, 4- and 9-digit order numbers (the API allows 1-9 digits), each at a table as long. */
const ORDERS = ["7", "1234", "123456789"];

describe("dashboard fit: numbers and tabs at every size", () => {
  let rig: BrowserRig;
  let token: string;

  beforeAll(async () => {
    rig = await startRig();
    token = await getToken(rig.t, "fit-test");
    for (const name of ORDERS) {
      const r = await call(rig.t.base, "POST", "/api/v2/activeorders", {
        token,
        body: { name, orderType: "ON_PREMISE", locationName: name },
      });
      expect(r.status).toBe(201);
    }
    // An order waiting for a table too, and every elapsed time past an hour: the widest ("1:01:40").
    await call(rig.t.base, "POST", "/api/v2/activeorders", { token, body: { name: "55555", orderType: "TO_GO" } });
    await call(rig.t.base, "POST", "/sim/clock", { token, body: { advanceSeconds: 3700 } });
  });
  afterAll(async () => {
    await rig?.close();
  });

  /** A page at this size and type, with the floor tab shown (a --sim gateway) and the board loaded. */
  async function open(viewport: { width: number; height: number }, tv: boolean, locale = "en-US") {
    const opened = await openPage(rig, { token, viewport, locale });
    const { page } = opened;
    await page.waitForSelector('[data-nav="floor"]', { timeout: 5000 });
    if (tv) await page.click('[data-action="tv"]');
    await page.waitForFunction((on) => document.documentElement.classList.contains("tv") === on, tv);
    await page.waitForSelector('[data-order="123456789"]', { timeout: 5000 });
    await page.waitForFunction(() =>
      document.querySelector('[data-order="7"] .card-elapsed')?.textContent?.startsWith("1:0"),
    );
    return opened;
  }

  for (const screen of SCREENS) {
    for (const type of TYPES) {
      const tag = `${screen.label}-${type.label}`;

      it(`cards and table tiles fit their numbers and times (${screen.label}, ${type.label} type)`, async () => {
        const { context, page, errors } = await open(screen.viewport, type.tv);
        try {
          const numbers = await measure(page, ".card", ".card-number");
          const times = await measure(page, ".card", ".card-elapsed");
          const tables = await measure(page, ".card", ".card-table");
          expect(numbers.map((n) => n.name).sort()).toEqual([...ORDERS, "55555"].sort());
          for (const f of numbers) expectInside(f, "order number");
          for (const f of times) expectInside(f, "elapsed time");
          for (const f of tables) expectInside(f, "table line");
          // No tracker was ever seen for these orders: Page is off and each card says why, inside it.
          for (const f of await measure(page, ".card", "[data-no-tracker]")) expectInside(f, "no-tracker note");
          expect(await page.$$('.card [data-action="page"]:not([disabled])')).toHaveLength(0);
          expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
          await screenshot(page, `fit-cards-${tag}`);

          await page.click('[data-layout="tables"]');
          await page.waitForSelector('[data-grid-table="123456789"]', { timeout: 2000 });
          for (const f of await measure(page, ".table-tile", ".table-tile-name")) expectInside(f, "table name");
          for (const f of await measure(page, ".table-tile", ".chip")) expectInside(f, "order chip");
          for (const f of await measure(page, ".table-tile .chip", "b, .chip-time")) expectInside(f, "chip text");
          for (const f of await measure(page, "[data-waiting-strip]", ".chip")) expectInside(f, "waiting chip");
          expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
          await screenshot(page, `fit-tables-${tag}`);
          await page.click('[data-layout="cards"]');
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      });

      it(`shows late active orders beside the delivered share (${screen.label}, ${type.label} type)`, async () => {
        const { context, page, errors } = await open(screen.viewport, type.tv);
        try {
          await page.click('[data-nav="stats"]');
          await page.waitForSelector('[data-kpi="late-active"][data-late="4"][data-active="4"]', { timeout: 5000 });
          // Today's statistics arrive by their own request: measure once every figure is filled in.
          await page.waitForFunction(
            () => Array.from(document.querySelectorAll(".kpi-note")).every((n) => (n.textContent ?? "") !== ""),
            undefined,
            { timeout: 5000 },
          );
          for (const f of await measure(page, ".kpi", ".kpi-label, .kpi-value, .kpi-note")) expectInside(f, "figure");
          expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
          await screenshot(page, `fit-stats-${tag}`);
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      });

      it(`shows every tab label whole (${screen.label}, ${type.label} type)`, async () => {
        const { context, page } = await open(screen.viewport, type.tv);
        try {
          const tabs = await measure(page, "nav.tabs", ".tab");
          expect(tabs.map((t) => t.name)).toEqual([
            "Board",
            "Floor plan",
            "History",
            "Statistics",
            "Shift report",
            "Settings",
            "Floor",
          ]);
          for (const f of tabs) expectInside(f, "tab");
          // The bar itself does not scroll: a label scrolled out of sight is cut as surely as a clipped one.
          const nav = await page.$eval("nav.tabs", (n) => ({ scroll: n.scrollWidth, client: n.clientWidth }));
          expect(nav.scroll).toBeLessThanOrEqual(nav.client);
          await screenshot(page, `fit-tabs-${tag}`);
        } finally {
          await context.close();
        }
      });

      it(`shows every tab label whole in Spanish, the longer language (${screen.label}, ${type.label} type)`, async () => {
        const { context, page } = await open(screen.viewport, type.tv, "es-ES");
        try {
          const tabs = await measure(page, "nav.tabs", ".tab");
          expect(tabs.map((t) => t.name)).toEqual(Object.values(es.nav));
          for (const f of tabs) expectInside(f, "tab");
          const nav = await page.$eval("nav.tabs", (n) => ({ scroll: n.scrollWidth, client: n.clientWidth }));
          expect(nav.scroll).toBeLessThanOrEqual(nav.client);
          expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
          await screenshot(page, `fit-tabs-es-${tag}`);
        } finally {
          await context.close();
        }
      });
    }
  }
});
