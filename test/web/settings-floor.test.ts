// Settings, tokens and the simulated floor in a real browser: the gateway's validation messages
// show next to the form, tokens are minted and revoked from the page, and the floor panel's
// buttons move trackers that the board then shows. Also the phone layout.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, getToken } from "../helpers/gateway.js";
import { type BrowserRig, openPage, screenshot, startRig } from "./browser.js";

describe("dashboard settings, tokens and simulated floor", () => {
  let rig: BrowserRig;
  let token: string;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  const settings = async () =>
    (await call(rig.t.base, "GET", "/api/v2/gateway/settings", { token })).body.settings as Record<string, unknown>;

  beforeAll(async () => {
    rig = await startRig();
    token = await getToken(rig.t, "settings-test");
    ({ context, page, errors } = await openPage(rig, { token, hash: "#/settings" }));
    await page.waitForSelector('input[name="targetTimeDefault"]', { timeout: 5000 });
  });
  afterAll(async () => {
    await context?.close();
    await rig?.close();
  });

  it("shows the gateway's validation message and saves a valid change", async () => {
    await page.fill('input[name="targetTimeDefault"]', "0");
    await page.click('button:has-text("Save settings")');
    await page.waitForSelector("[data-settings-error]", { timeout: 5000 });
    expect(await page.textContent("[data-settings-error]")).toMatch(/targetTimeDefault/);
    await screenshot(page, "settings-error");
    expect((await settings()).targetTimeDefault).toBe(300);

    await page.fill('input[name="targetTimeDefault"]', "240");
    await page.fill('input[name="timezone"]', "Europe/Paris");
    await page.click('button:has-text("Save settings")');
    await page.waitForSelector("text=Settings saved", { timeout: 5000 });
    expect(await page.$("[data-settings-error]")).toBeNull();
    const s = await settings();
    expect(s.targetTimeDefault).toBe(240);
    expect(s.timezone).toBe("Europe/Paris");
  });

  it("mints a token for another screen and revokes one", async () => {
    await page.fill('input[name="tokenName"]', "bar-tv");
    await page.click('button:has-text("Create")');
    await page.waitForSelector('[data-issued="bar-tv"]', { timeout: 5000 });
    const secret = (await page.textContent('[data-issued="bar-tv"] .secret'))?.trim() ?? "";
    expect(secret).toMatch(/^[0-9a-f]{48}$/);
    expect((await call(rig.t.base, "GET", "/api/v2/activeorders", { token: secret })).status).toBe(200);
    await page.waitForSelector('[data-token="bar-tv"]', { timeout: 5000 });
    await screenshot(page, "settings-tokens");

    await page.click('[data-token="bar-tv"] [data-action="revoke"]');
    await page.click("[data-confirm]");
    await page.waitForSelector('[data-token="bar-tv"]', { state: "detached", timeout: 5000 });
    expect((await call(rig.t.base, "GET", "/api/v2/activeorders", { token: secret })).status).toBe(401);
    expect(errors).toEqual([]);
  });

  it("drives a tracker through the simulated floor panel", async () => {
    await page.click('[data-nav="floor"]');
    await page.fill('input[name="tracker"]', "31");
    await page.fill('input[name="table"]', "4");
    await page.click('[data-sim="start"]');
    await page.waitForSelector('[data-tracker="31"]', { timeout: 5000 });
    await page.click('[data-sim="locate"]');
    await page.waitForSelector('[data-tracker="31"] >> text=table 4', { timeout: 5000 });
    const located = await call(rig.t.base, "GET", "/api/v2/activeorders/31", { token });
    expect(located.body.activeorder).toMatchObject({ state: "located", locationName: "4" });
    await page.click('[data-sim="advance-900"]');
    await page.waitForSelector("text=Clock moved 15 min", { timeout: 5000 });
    await screenshot(page, "floor");

    await page.click('[data-nav="board"]');
    await page.waitForSelector('[data-order="31"][data-urgency="late"]', { timeout: 5000 });
    await page.click('[data-nav="floor"]');
    await page.click('[data-sim="clear"]');
    await page.waitForSelector('[data-tracker="31"] >> text=docked', { timeout: 5000 });
    expect((await call(rig.t.base, "GET", "/api/v2/activeorders/31", { token })).status).toBe(404);
    expect(errors).toEqual([]);
  });

  it("fits a phone screen", async () => {
    await call(rig.t.base, "POST", "/sim/trackers/12/start", { token });
    await call(rig.t.base, "POST", "/sim/trackers/12/locate", { token, body: { table: "3" } });
    await call(rig.t.base, "POST", "/api/v2/activeorders", { token, body: { name: "77", orderType: "TO_GO" } });
    const phone = await openPage(rig, { token, viewport: { width: 390, height: 844 } });
    try {
      await phone.page.waitForSelector('[data-order="77"]', { timeout: 5000 });
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(phone.page, "board-phone");
      await phone.page.click('[data-nav="history"]');
      await phone.page.waitForSelector("[data-history-row]", { timeout: 5000 });
      await screenshot(phone.page, "history-phone");
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
