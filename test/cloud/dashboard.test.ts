// The cloud dashboard in Debian's chromium (playwright-core): after the account token is given,
// it lists the account's sites with their health and draws one chart line per site.

import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncBatch } from "../../src/protocol/sync.js";
import { call } from "../helpers/gateway.js";
import { startTestCloud, type TestCloud } from "./helpers.js";

const CHROMIUM = process.env.OPENTT_CHROMIUM ?? "/usr/bin/chromium";

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
      await page.goto(`${c.base}/`);
      await page.fill("#token", c.token);
      await page.click("#login button");
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
});
