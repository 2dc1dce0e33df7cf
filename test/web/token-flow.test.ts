// First visit in a real browser: the welcome screen explains the button and gets a token through
// its window, or takes a pasted one, or one from a kiosk link's fragment; each is remembered.
import type { BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { call, getToken } from "../helpers/gateway.js";
import { type BrowserRig, openPage, screenshot, startRig } from "./browser.js";

describe("dashboard token flow", () => {
  let rig: BrowserRig;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it("explains the button, waits for its window, then remembers the token", async () => {
    const { context, page, errors } = await openPage(rig);
    contexts.push(context);
    await page.waitForSelector("text=press the button on the gateway", { timeout: 5000 });
    await screenshot(page, "welcome");
    await page.fill('input[name="tokenName"]', "kitchen-pass");
    await page.click('[data-action="get-token"]');
    await page.waitForSelector("[data-waiting]", { timeout: 5000 });
    await screenshot(page, "welcome-waiting");
    rig.t.gateway.ctx.pressButton("browser test");
    await page.waitForSelector('[data-link="open"]', { timeout: 10_000 });

    const stored = await page.evaluate(() => localStorage.getItem("opentt.token"));
    expect(stored).toMatch(/^[0-9a-f]{48}$/);
    const list = await call(rig.t.base, "GET", "/api/v2/accesstoken", { token: stored! });
    expect(JSON.stringify(list.body.items)).toContain('"name":"kitchen-pass"');

    await page.reload();
    await page.waitForSelector('[data-link="open"]', { timeout: 10_000 });
    expect(await page.$('[data-action="get-token"]')).toBeNull();
    expect(errors).toEqual([]);
  });

  it("accepts a pasted token and refuses one the gateway does not know", async () => {
    const { context, page } = await openPage(rig);
    contexts.push(context);
    await page.click("text=I already have a token");
    await page.fill('input[name="pastedToken"]', "ab".repeat(24));
    await page.click("text=Use this token");
    await page.waitForSelector("[data-welcome-error]", { timeout: 5000 });
    expect(await page.textContent("[data-welcome-error]")).toMatch(/token/i);

    const token = await getToken(rig.t, "pasted");
    await page.fill('input[name="pastedToken"]', token);
    await page.click("text=Use this token");
    await page.waitForSelector('[data-link="open"]', { timeout: 10_000 });
    expect(await page.evaluate(() => localStorage.getItem("opentt.token"))).toBe(token);
  });

  it("takes a kiosk link's #token=…&tv=1 and wipes it from the address bar", async () => {
    const token = await getToken(rig.t, "kiosk");
    const { context, page } = await openPage(rig, { hash: `#token=${token}&tv=1` });
    contexts.push(context);
    await page.waitForSelector('[data-link="open"]', { timeout: 10_000 });
    expect(page.url()).not.toContain(token);
    expect(await page.evaluate(() => document.documentElement.classList.contains("tv"))).toBe(true);
    await call(rig.t.base, "POST", "/api/v2/activeorders", {
      token,
      body: { name: "8", orderType: "ON_PREMISE", locationName: "21" },
    });
    await page.waitForSelector('[data-order="8"]', { timeout: 2000 });
    await screenshot(page, "board-tv");
  });

  it("takes a kiosk link pasted into a tab that is already open, as a fresh tab does", async () => {
    const first = await getToken(rig.t, "before-kiosk");
    const { context, page, errors } = await openPage(rig, { token: first });
    contexts.push(context);
    await page.waitForSelector('[data-link="open"]', { timeout: 10_000 });
    expect(await page.evaluate(() => document.documentElement.classList.contains("tv"))).toBe(false);

    // Pasting the link into the address bar of the open tab changes only the fragment.
    const kiosk = await getToken(rig.t, "pasted-kiosk");
    await page.goto(`${rig.t.base}/#token=${kiosk}&tv=1`);
    await page.waitForFunction(() => document.documentElement.classList.contains("tv"), undefined, { timeout: 5000 });
    await page.waitForFunction((t) => localStorage.getItem("opentt.token") === t, kiosk, { timeout: 5000 });
    expect(page.url()).not.toContain(kiosk);
    expect(page.url()).toMatch(/#\/board$/);
    await page.waitForSelector('[data-link="open"]', { timeout: 10_000 });
    // The dashboard now speaks with the kiosk's token: revoking the first one does not log it out.
    const admin = await getToken(rig.t, "kiosk-admin");
    await call(rig.t.base, "DELETE", "/api/v2/accesstoken/before-kiosk", { token: admin });
    await call(rig.t.base, "POST", "/api/v2/activeorders", { token: kiosk, body: { name: "81", orderType: "TO_GO" } });
    await page.waitForSelector('[data-order="81"]', { timeout: 5000 });
    await screenshot(page, "board-kiosk-pasted");
    expect(errors).toEqual([]);
  });

  it("goes back to the welcome screen when its token is revoked", async () => {
    const token = await getToken(rig.t, "doomed");
    const { context, page } = await openPage(rig, { token });
    contexts.push(context);
    await page.waitForSelector('[data-link="open"]', { timeout: 10_000 });
    const admin = await getToken(rig.t, "admin-revoker");
    expect((await call(rig.t.base, "DELETE", "/api/v2/accesstoken/doomed", { token: admin })).status).toBe(200);
    await page.waitForSelector("text=no longer accepts", { timeout: 10_000 });
    expect(await page.evaluate(() => localStorage.getItem("opentt.token"))).toBeNull();
  });
});
