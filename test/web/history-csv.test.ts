// [opentt] The History view's Download CSV (issue 18.4): the filtered history arrives as a file
// whose header is the history item's field names, with the filtered orders only. Screenshots at
// 1400 px, the 1280×800 tablet and a 390 px phone.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, getToken } from "../helpers/gateway.js";
import { type BrowserRig, openPage, screenshot, startRig } from "./browser.js";

let rig: BrowserRig;
let token: string;

beforeAll(async () => {
  rig = await startRig();
  token = await getToken(rig.t, "csv-test");
  for (const [name, type] of [
    ["81", "TO_GO"],
    ["82", "ON_PREMISE"],
    ["83", "TO_GO"],
  ]) {
    await call(rig.t.base, "POST", "/api/v2/activeorders", {
      token,
      body: { name, orderType: type, locationName: "9" },
    });
  }
});
afterAll(async () => {
  await rig?.close();
});

describe("History: Download CSV", () => {
  for (const [label, viewport] of [
    ["1400", { width: 1400, height: 900 }],
    ["tablet", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    it(`downloads the filtered history as CSV (${label})`, async () => {
      const { context, page, errors } = await openPage(rig, { token, viewport });
      try {
        await page.evaluate(() => (location.hash = "#/history"));
        await page.waitForSelector('[data-history-row="82"]', { timeout: 5000 });
        await page.selectOption('select[name="type"]', "TO_GO");
        await page.click('button[type="submit"]');
        await page.waitForSelector('[data-history-row="82"]', { state: "detached", timeout: 5000 });
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.click('[data-action="download-csv"]'),
        ]);
        const text = readFileSync((await download.path()) as string, "utf8");
        const lines = text.trimEnd().split("\r\n");
        expect(lines[0]).toMatch(/^type,name,uuid,orderType,locationName,state,orderStarted,/);
        const names = lines.slice(1).map((l) => l.split(",")[1]);
        expect(names.sort()).toEqual(["81", "83"]);
        await screenshot(page, `history-csv-${label}`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
