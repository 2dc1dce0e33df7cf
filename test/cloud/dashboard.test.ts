// The cloud dashboard in Debian's chromium (playwright-core): a sign-in screen and nothing else
// until the account token works, then the account's sites with their health and one chart line
// per site, over the days that have data; all in the gateway dashboard's own theme.

import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncBatch } from "../../src/protocol/sync.js";
import { call } from "../helpers/gateway.js";
import { startTestCloud, type TestCloud } from "./helpers.js";

const CHROMIUM = process.env.OPENTT_CHROMIUM ?? "/usr/bin/chromium";
const ROOT = new URL("../../", import.meta.url);
const SCREENSHOTS = new URL("test-results/screenshots/", ROOT);
const themeFile = () => readFileSync(new URL("web/src/styles/theme.css", ROOT), "utf8");

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS.pathname, `${name}.png`), fullPage: true });
}

/** Runs `fn` on a fresh page at 1400 px and on a 390 px phone, closing the page after. */
async function atEachWidth(fn: (page: Page, label: string) => Promise<void>): Promise<void> {
  for (const [label, viewport] of [
    ["1400", { width: 1400, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    const page = await browser.newPage({ viewport });
    try {
      await fn(page, label);
    } finally {
      await page.close();
    }
  }
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${c.base}/`);
  await page.fill("#token", token);
  await page.click("#login button");
}

let c: TestCloud;
let browser: Browser;

async function siteWithOrders(name: string, deliveries: number[]): Promise<void> {
  const site = await call(c.base, "POST", "/cloud/v1/sites", { token: c.token, body: { name } });
  const act = await call(c.base, "POST", "/cloud/v1/activate", { body: { deviceCode: site.body.deviceCode } });
  const now = Date.now() - 3600_000;
  const orders = deliveries.map((d, i) => ({
    uuid: randomUUID(),
    version: 3,
    name: String(i + 1),
    orderType: "ON_PREMISE" as const,
    locationName: "4",
    state: "cleared" as const,
    created: now,
    stateChanged: now + d * 1000,
    locatedAt: now + 30_000,
    pagedAt: null,
    clearedAt: now + d * 1000,
    clearedReason: "TRACKER" as const,
    paged: false,
  }));
  const batch: SyncBatch = { zone: "UTC", targetTime: 300, pending: 0, oldestAgeMs: 1000, orders };
  const up = await call(c.base, "POST", "/cloud/v1/sync", { token: act.body.siteToken as string, body: batch });
  expect(up.body.applied).toBe(deliveries.length);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`The dashboard test needs chromium at ${CHROMIUM} (apt-get install chromium)`);
  c = await startTestCloud();
  await siteWithOrders("Downtown", [120, 240, 360]);
  await siteWithOrders("Airport", [200, 500]);
  await call(c.base, "POST", "/cloud/v1/sites", { token: c.token, body: { name: "Opening soon" } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await c?.stop();
});

describe("cloud dashboard", () => {
  it("serves the page and uPlot with a strict content security policy", async () => {
    const page = await call(c.base, "GET", "/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const js = await fetch(`${c.base}/assets/uplot.js`);
    expect(js.status).toBe(200);
    expect(await js.text()).toContain("uPlot");
  });

  it("lists the sites with their health and draws a line per site", async () => {
    const page = await browser.newPage();
    try {
      await signIn(page, c.token);
      await page.waitForSelector("#sites tr:nth-child(3)");
      const rows = await page.$$eval("#sites tr", (trs) =>
        trs.map((tr) =>
          Array.from(tr.querySelectorAll("td"))
            .slice(0, 2)
            .map((td) => td.textContent),
        ),
      );
      expect(rows).toEqual([
        ["Downtown", "ok"],
        ["Airport", "ok"],
        ["Opening soon", "not-activated"],
      ]);
      await page.waitForSelector("#chart-delivery canvas");
      const legend = await page.$$eval("#chart-delivery .u-legend .u-series .u-label", (els) =>
        els.map((e) => e.textContent),
      );
      expect(legend).toEqual(expect.arrayContaining(["Downtown", "Airport"]));
      expect(await page.textContent("#account")).toContain("Test Diner Group");
      expect(await page.textContent("#error")).toBe("");
    } finally {
      await page.close();
    }
  });

  it("shows a sign-in screen and no panel until a token works", async () => {
    await atEachWidth(async (page, label) => {
      await page.goto(`${c.base}/`);
      await page.waitForSelector("#signin", { state: "visible" });
      const shown = () =>
        page.$$eval("section h2", (hs) => hs.filter((h) => h.checkVisibility()).map((h) => h.textContent));
      expect(await shown()).toEqual(["Sign in"]);
      await shot(page, `cloud-signin-${label}`);

      // A token this cloud does not know keeps the sign-in screen, saying why.
      const wrong = c.token.slice(0, -1) + (c.token.endsWith("0") ? "1" : "0");
      await signIn(page, wrong);
      await page.waitForFunction(() => (document.getElementById("signin-error")?.textContent ?? "") !== "");
      expect(await page.textContent("#signin-error")).toMatch(/token/i);
      expect(await shown()).toEqual(["Sign in"]);
      expect(await page.evaluate(() => localStorage.getItem("openttCloudToken"))).toBeNull();
      // Nor does something that is no token at all.
      await page.evaluate(() => {
        const e = document.getElementById("signin-error");
        if (e) e.textContent = "";
      });
      await signIn(page, "not a token");
      await page.waitForFunction(() => (document.getElementById("signin-error")?.textContent ?? "") !== "");
      expect(await page.textContent("#signin-error")).toMatch(/admin token/);
      expect(await shown()).toEqual(["Sign in"]);
    });
  });

  it("wears the gateway dashboard's theme: the same stylesheet, the same colours", async () => {
    const served = await fetch(`${c.base}/assets/theme.css`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toMatch(/text\/css/);
    expect(await served.text()).toContain(themeFile());
    // The gateway dashboard builds its stylesheet from the same file.
    expect(readFileSync(new URL("web/src/styles.css", ROOT), "utf8")).toContain('@import "./styles/theme.css"');

    const bg = /--bg:\s*(#[0-9a-f]{6})/i.exec(themeFile())?.[1] ?? "";
    const rgb = `rgb(${[1, 3, 5].map((i) => Number.parseInt(bg.slice(i, i + 2), 16)).join(", ")})`;
    const page = await browser.newPage();
    try {
      await page.goto(`${c.base}/`);
      await page.waitForSelector("#signin", { state: "visible" });
      const look = await page.evaluate(() => ({
        bg: getComputedStyle(document.body).backgroundColor,
        fg: getComputedStyle(document.body).color,
        panel: getComputedStyle(document.querySelector("#signin section") as Element).backgroundColor,
      }));
      expect(look.bg).toBe(rgb);
      expect(look.panel).not.toBe("rgb(255, 255, 255)");
      expect(look.fg).not.toBe("rgb(29, 35, 41)");
    } finally {
      await page.close();
    }
  });

  it("spans the time axis over the days that have data, at 1400 px and on a phone", async () => {
    await atEachWidth(async (page, label) => {
      await signIn(page, c.token);
      await page.waitForSelector("#chart-ready canvas");
      await page.waitForSelector("#signin", { state: "hidden" });
      // Every order of the test was created in the last hour or two: one day, or two around midnight.
      // The page's own uPlot instances (a top-level `let` of its script), read as they are drawn.
      const days = (await page.evaluate("charts.map((u) => (u.scales.x.max - u.scales.x.min) / 86400)")) as number[];
      expect(days).toHaveLength(5); // orders, delivery, p90, on target, [opentt] ready → delivered
      for (const d of days) {
        expect(d).toBeGreaterThanOrEqual(1);
        expect(d).toBeLessThanOrEqual(2);
      }
      // Orders are whole: the orders chart's y-axis ticks (drawn on the canvas, so read from the
      // uPlot instance's computed splits) are integers, however few orders a day had.
      const orderTicks = (await page.evaluate("charts[0].axes[1]._splits")) as number[];
      expect(orderTicks.length).toBeGreaterThan(0);
      expect(orderTicks.filter((v) => !Number.isInteger(v))).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
      await shot(page, `cloud-dashboard-${label}`);
    });
  });
});
