// The dashboard's languages and the shift report in a real browser (issue 18.4–18.6): the language
// follows the browser, the switch changes it and is remembered per screen, es-ES formats times and
// numbers its own way; the shift report's figures are those of the orders this test made through
// the API, and it prints on A4 without the navigation. Screenshots at 1400 px, a 10-inch tablet
// and a 390 px phone, in both languages, of the board and the report.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, getToken } from "../helpers/gateway.js";
import { type BrowserRig, openPage, SCREENSHOTS, screenshot, startRig } from "./browser.js";

const SCREENS = [
  { label: "1400", viewport: { width: 1400, height: 900 } },
  { label: "tablet", viewport: { width: 1280, height: 800 } },
  { label: "phone", viewport: { width: 390, height: 844 } },
] as const;
/** A4's width less the print stylesheet's 12 mm margins, in CSS pixels (96 per inch). */
const A4_CONTENT_PX = Math.floor(((210 - 2 * 12) / 25.4) * 96);

interface Summary {
  name: string;
  locationName: string | null;
  deliveryTime: number | null;
}

describe("dashboard languages and the shift report", () => {
  let rig: BrowserRig;
  let token: string;
  let gatewayName: string;
  let history: Summary[];
  const api = (method: string, route: string, body?: unknown) => call(rig.t.base, method, route, { token, body });

  beforeAll(async () => {
    rig = await startRig();
    token = await getToken(rig.t, "i18n-test");
    gatewayName = ((await api("GET", "/api/v2")).body.gateway as { name: string }).name;
    const current = (await api("GET", "/api/v2/floorplan")).body.floorplan as { version: number };
    const plan = await api("PUT", "/api/v2/floorplan", {
      floorplan: {
        version: current.version,
        sections: ["Dining room", "Patio"],
        tables: [
          { number: "1", x: 40, y: 40, w: 160, h: 160, shape: "rect", seats: 4, section: "Dining room" },
          { number: "2", x: 300, y: 40, w: 160, h: 160, shape: "round", seats: 2, section: "Patio" },
          { number: "3", x: 600, y: 40, w: 160, h: 160, shape: "round", seats: 2, section: "Patio" },
        ],
      },
    });
    expect(plan.status).toBe(200);
    const order = (name: string, locationName?: string) =>
      api("POST", "/api/v2/activeorders", { name, orderType: locationName ? "ON_PREMISE" : "TO_GO", locationName });
    for (const [name, table] of [
      ["11", "1"],
      ["12", "2"],
      ["13", "3"],
      ["14", undefined],
      ["15", "99"],
    ] as const)
      expect((await order(name, table)).status).toBe(201);
    await api("POST", "/sim/clock", { advanceSeconds: 200 });
    for (const name of ["11", "14"]) expect((await api("DELETE", `/api/v2/activeorders/${name}`)).status).toBe(200);
    await api("POST", "/sim/clock", { advanceSeconds: 400 });
    expect((await api("DELETE", "/api/v2/activeorders/12")).status).toBe(200);
    // 13 (Patio) and 15 (a table off the plan) stay active, 600 s old: past the 300 s target.
    history = (await api("GET", "/api/v2/orders?limit=100")).body.items as Summary[];
    expect(history).toHaveLength(5);
  });
  afterAll(async () => {
    await rig?.close();
  });

  async function lang(page: Page): Promise<string> {
    return page.evaluate(() => document.documentElement.lang);
  }

  it("speaks the browser's language, switches, and remembers the switch on this screen", async () => {
    const { context, page, errors } = await openPage(rig, { token, locale: "es-ES" });
    try {
      await page.waitForSelector('[data-nav="board"]', { timeout: 5000 });
      expect(await lang(page)).toBe("es");
      expect(await page.textContent('[data-nav="board"]')).toBe("Pedidos");
      expect(await page.textContent('[data-nav="report"]')).toBe("Informe de turno");
      await page.waitForSelector('[data-order="13"]', { timeout: 5000 });
      expect(await page.textContent('[data-order="13"] .card-table')).toContain("Mesa");
      expect(await page.$('[data-order="14"]')).toBeNull();
      // A time formatted for es-ES: 24-hour clock, day before an abbreviated month.
      await page.evaluate(() => (location.hash = "#/history"));
      await page.waitForSelector('[data-history-row="11"]', { timeout: 5000 });
      expect(await page.textContent('[data-history-row="11"] td:nth-child(5)')).toMatch(
        /^\d{1,2} [a-z]{3,4}\.?, \d\d:\d\d$/,
      );
      expect(await page.textContent('[data-history-row="11"] td:nth-child(3)')).toBe("En sala");
      expect(await page.textContent("[data-history-total]")).toBe("1–5 de 5 pedidos");

      await page.selectOption('[data-action="lang"]', "en");
      await page.waitForFunction(() => document.querySelector('[data-nav="board"]')?.textContent === "Board");
      expect(await lang(page)).toBe("en");
      expect(await page.textContent("[data-history-total]")).toBe("1–5 of 5 orders");
      expect(await page.evaluate(() => localStorage.getItem("opentt.lang"))).toBe("en");
      await page.reload();
      await page.waitForSelector('[data-nav="board"]', { timeout: 5000 });
      expect(await page.textContent('[data-nav="board"]')).toBe("Board");
      expect(await page.inputValue('[data-action="lang"]')).toBe("en");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    // Another screen (its own storage) still follows its browser.
    const other = await openPage(rig, { token, locale: "en-GB" });
    try {
      await other.page.waitForSelector('[data-nav="board"]', { timeout: 5000 });
      expect(await other.page.textContent('[data-nav="board"]')).toBe("Board");
      await other.page.selectOption('[data-action="lang"]', "es");
      await other.page.waitForFunction(() => document.querySelector('[data-nav="board"]')?.textContent === "Pedidos");
    } finally {
      await other.context.close();
    }
  });

  /** What the report should say for one set of orders, counted here from the API's own history. */
  function expected(names: string[]) {
    const rows = history.filter((o) => names.includes(o.name));
    const times = rows.map((o) => o.deliveryTime).filter((t): t is number => t !== null);
    const sorted = [...times].sort((a, b) => a - b);
    return {
      orders: rows.length,
      delivered: times.length,
      avg: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null,
      p90: sorted.length ? sorted[Math.ceil(0.9 * sorted.length) - 1] : null,
      onTarget: times.length ? times.filter((t) => t <= 300).length / times.length : null,
    };
  }

  async function row(page: Page, selector: string) {
    const value = (col: string) =>
      page
        .getAttribute(`${selector} [data-col="${col}"]`, "data-value")
        .then((v) => (v === "" || v === null ? null : Number(v)));
    return {
      orders: await value("orders"),
      delivered: await value("delivered"),
      avg: await value("avg"),
      p90: await value("p90"),
      onTarget: await value("on-target"),
      lateNow: await value("late-now"),
    };
  }

  it("reports the shift by section and hour with the figures of the orders made through the API", async () => {
    const { context, page, errors } = await openPage(rig, { token, locale: "en-US", viewport: SCREENS[0].viewport });
    try {
      await page.evaluate(() => (location.hash = "#/report"));
      await page.waitForSelector("[data-report]", { timeout: 10_000 });
      // Default period: today so far, in the browser's own time.
      const today = await page.evaluate(() => {
        const d = new Date();
        const pad = (n: number) => String(n).padStart(2, "0");
        return {
          date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
          to: String(d.getHours() + 1),
        };
      });
      expect(await page.inputValue('input[name="date"]')).toBe(today.date);
      expect(await page.inputValue('select[name="fromHour"]')).toBe("0");
      expect(await page.inputValue('select[name="toHour"]')).toBe(today.to);
      // The whole gateway day, whatever the hour (the orders were made at the gateway's time).
      const gatewayDate = ((await api("GET", "/api/v2")).body.gateway as { time: string }).time.slice(0, 10);
      await page.fill('input[name="date"]', gatewayDate);
      await page.selectOption('select[name="toHour"]', "24");
      await page.click('.report form button[type="submit"]');
      await page.waitForSelector('[data-report][data-report-orders="5"]', { timeout: 10_000 });

      expect(await row(page, '[data-section="Dining room"]')).toEqual({ ...expected(["11"]), lateNow: 0 });
      expect(await row(page, '[data-section="Patio"]')).toEqual({ ...expected(["12", "13"]), lateNow: 1 });
      expect(await row(page, '[data-section=""]')).toEqual({ ...expected(["14", "15"]), lateNow: 1 });
      expect(await row(page, "[data-section-total]")).toEqual({
        ...expected(["11", "12", "13", "14", "15"]),
        lateNow: 2,
      });
      expect(await page.textContent('[data-section=""] td:first-child')).toBe("No section");
      expect(await page.$$eval("[data-report-hours] tbody tr", (rs) => rs.length)).toBe(24);
      const hourTotal = await page.$$eval("[data-report-hours] tbody tr [data-col='orders']", (cs) =>
        cs.reduce((n, c) => n + Number(c.getAttribute("data-value")), 0),
      );
      expect(hourTotal).toBe(5);
      expect(await page.textContent("[data-gateway-name]")).toBe(gatewayName);

      // Another screen moves table 3 to the dining room: the report re-sorts without a reload.
      const current = (await api("GET", "/api/v2/floorplan")).body.floorplan as { version: number; tables: object[] };
      const moved = {
        ...current,
        tables: current.tables.map((t) =>
          (t as { number: string }).number === "3" ? { ...t, section: "Dining room" } : t,
        ),
      };
      expect((await api("PUT", "/api/v2/floorplan", { floorplan: moved })).status).toBe(200);
      await page.waitForSelector('[data-section="Dining room"] [data-col="orders"][data-value="2"]', { timeout: 5000 });
      expect(await row(page, '[data-section="Dining room"]')).toEqual({ ...expected(["11", "13"]), lateNow: 1 });
      expect(await row(page, '[data-section="Patio"]')).toEqual({ ...expected(["12"]), lateNow: 0 });

      // Print: no navigation, the header with the gateway and period, the tables within A4.
      let printed = false;
      await page.exposeFunction("__printed", () => {
        printed = true;
      });
      await page.evaluate(() => {
        window.print = () => (window as unknown as { __printed(): void }).__printed();
      });
      await page.click('[data-action="print"]');
      await expect.poll(() => printed).toBe(true);
      await page.emulateMedia({ media: "print" });
      await page.setViewportSize({ width: A4_CONTENT_PX, height: 1100 });
      expect(await page.isVisible(".topbar")).toBe(false);
      expect(await page.isVisible(".report form.filters")).toBe(false);
      expect(await page.isVisible('[data-action="print"]')).toBe(false);
      expect(await page.isVisible("[data-print-head]")).toBe(true);
      expect(await page.textContent("[data-print-head]")).toContain(gatewayName);
      expect(await page.textContent("[data-period]")).toMatch(/12:00 AM–11:59 PM$/);
      const overflow = await page.$$eval(".report-table", (ts) =>
        ts.map((t) => t.getBoundingClientRect().right - document.documentElement.clientWidth),
      );
      for (const o of overflow) expect(o).toBeLessThanOrEqual(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(A4_CONTENT_PX);
      await screenshot(page, "report-print-en");
      await page.pdf({ path: `${SCREENSHOTS}/report-print-en.pdf`, format: "A4" });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("formats the report for es-ES", async () => {
    const { context, page } = await openPage(rig, { token, locale: "es-ES" });
    try {
      await page.evaluate(() => (location.hash = "#/report"));
      const gatewayDate = ((await api("GET", "/api/v2")).body.gateway as { time: string }).time.slice(0, 10);
      await page.waitForSelector("[data-report]", { timeout: 10_000 });
      await page.fill('input[name="date"]', gatewayDate);
      await page.selectOption('select[name="toHour"]', "24");
      await page.click('.report form button[type="submit"]');
      await page.waitForSelector('[data-report][data-report-orders="5"]', { timeout: 10_000 });
      expect(await page.textContent('[data-section=""] td:first-child')).toBe("Sin zona");
      const share = expected(["11", "12", "13", "14", "15"]).onTarget ?? 0;
      expect(await page.textContent('[data-section-total] [data-col="on-target"]')).toBe(
        `${Math.round(share * 100)}\u00a0%`,
      );
      expect(await page.textContent("[data-period]")).toMatch(/, 00:00–23:59$/);
      expect(await page.textContent('[data-action="print"]')).toContain("Imprimir");
    } finally {
      await context.close();
    }
  });

  for (const locale of ["en-US", "es-ES"]) {
    it(`takes screenshots of the board and the shift report at three sizes (${locale})`, async () => {
      const { context, page, errors } = await openPage(rig, { token, locale });
      try {
        for (const s of SCREENS) {
          await page.setViewportSize(s.viewport);
          await page.evaluate(() => (location.hash = "#/board"));
          await page.waitForSelector('[data-order="13"]', { timeout: 5000 });
          await screenshot(page, `board-${locale}-${s.label}`);
          await page.evaluate(() => (location.hash = "#/report"));
          await page.waitForSelector("[data-report]", { timeout: 10_000 });
          await screenshot(page, `report-${locale}-${s.label}`);
          // Nothing wider than the screen.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(s.viewport.width);
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
