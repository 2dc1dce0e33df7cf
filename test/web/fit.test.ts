// What must fit on every screen, measured in the browser at a desktop width, a 390 px phone and
// large type: order and table numbers of 1, 4 and 9 digits shrink rather than clip, the elapsed
// time and the reason Page is off stay inside their card, statistics' figures (late active
// orders beside the delivered share) fit their tiles, and every tab label is whole.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, getToken } from "../helpers/gateway.js";
import { type BrowserRig, openPage, screenshot, startRig } from "./browser.js";

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

/** Rectangles and overflow of what a test asserts on, read in the page. */
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface Fit {
  name: string;
  scrollWidth: number;
  clientWidth: number;
  visible: boolean;
  box: Box;
  outer: Box;
}

/** For every element matching `inner` inside each `outer`: does it fit, is it shown, is it inside? */
function measure(page: Page, outer: string, inner: string): Promise<Fit[]> {
  return page.$$eval(
    outer,
    (els, sel) =>
      els.flatMap((o) =>
        Array.from(o.querySelectorAll<HTMLElement>(sel)).map((e) => {
          const r = e.getBoundingClientRect();
          const or = o.getBoundingClientRect();
          const style = getComputedStyle(e);
          return {
            name: e.textContent ?? "",
            scrollWidth: e.scrollWidth,
            clientWidth: e.clientWidth,
            visible:
              r.width > 0 &&
              r.height > 0 &&
              style.visibility !== "hidden" &&
              e.checkVisibility({ opacityProperty: true }),
            box: { left: r.left, right: r.right, top: r.top, bottom: r.bottom },
            outer: { left: or.left, right: or.right, top: or.top, bottom: or.bottom },
          };
        }),
      ),
    inner,
  );
}

function expectInside(f: Fit, what: string): void {
  const where = `${what} "${f.name}"`;
  expect(f.visible, `${where} is visible`).toBe(true);
  expect(f.scrollWidth, `${where} is not clipped`).toBeLessThanOrEqual(f.clientWidth);
  expect(f.box.left, `${where} left edge`).toBeGreaterThanOrEqual(f.outer.left - 0.5);
  expect(f.box.right, `${where} right edge`).toBeLessThanOrEqual(f.outer.right + 0.5);
  expect(f.box.top, `${where} top edge`).toBeGreaterThanOrEqual(f.outer.top - 0.5);
  expect(f.box.bottom, `${where} bottom edge`).toBeLessThanOrEqual(f.outer.bottom + 0.5);
}

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
  async function open(viewport: { width: number; height: number }, tv: boolean) {
    const opened = await openPage(rig, { token, viewport });
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
          expect(tabs.map((t) => t.name)).toEqual(["Board", "History", "Statistics", "Settings", "Floor"]);
          for (const f of tabs) expectInside(f, "tab");
          // The bar itself does not scroll: a label scrolled out of sight is cut as surely as a clipped one.
          const nav = await page.$eval("nav.tabs", (n) => ({ scroll: n.scrollWidth, client: n.clientWidth }));
          expect(nav.scroll).toBeLessThanOrEqual(nav.client);
          await screenshot(page, `fit-tabs-${tag}`);
        } finally {
          await context.close();
        }
      });
    }
  }
});
