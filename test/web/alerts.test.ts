// [opentt] Alerts (issue 18.3): an order that turns late, and a ready order that waits longer than
// the screen's limit, each raise one alert (observed through window.__otAlerts, where the beep is
// recorded) however many times the screen redraws; a muted screen raises it without sound; what
// was already late when the page opened stays silent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Alert } from "../../web/src/lib/alerts.js";
import { call, getToken } from "../helpers/gateway.js";
import { type BrowserRig, openPage, screenshot, startRig } from "./browser.js";

declare global {
  interface Window {
    __otAlerts?: Alert[];
  }
}

let rig: BrowserRig;
let token: string;
const api = (method: string, route: string, body?: unknown) => call(rig.t.base, method, route, { token, body });
const advance = (s: number) => api("POST", "/sim/clock", { advanceSeconds: s });

beforeAll(async () => {
  rig = await startRig();
  token = await getToken(rig.t, "alerts-test");
  await api("POST", "/api/v2/gateway/settings", { targetTimeDefault: 60 });
  await api("POST", "/api/v2/activeorders", { name: "70", orderType: "TO_GO" });
  await advance(90); // 70 is late before the page opens
});
afterAll(async () => {
  await rig?.close();
});

describe("dashboard alerts", () => {
  it("fires once per order and state; muted screens stay silent", async () => {
    const { context, page, errors } = await openPage(rig, { token, viewport: { width: 1400, height: 900 } });
    const alerts = () => page.evaluate(() => window.__otAlerts ?? []);
    /** Two more redraws of the ticking board: time for any repeat to show. */
    const ticks = async () => {
      for (let i = 0; i < 2; i++) {
        const before = await page.textContent('[data-order="70"] .card-elapsed');
        await page.waitForFunction(
          (b) => document.querySelector('[data-order="70"] .card-elapsed')?.textContent !== b,
          before,
        );
      }
    };
    /** Moves the gateway clock 5 minutes from the dashboard's own Floor view, as staff would. */
    const fiveMinutesLater = async () => {
      await page.evaluate(() => (location.hash = "#/floor"));
      await page.click('[data-sim="advance-300"]', { timeout: 5000 });
      await page.waitForSelector(".toast");
      await page.evaluate(() => (location.hash = "#/board"));
      await page.waitForSelector('[data-order="70"]');
    };
    try {
      await page.waitForSelector('[data-order="70"][data-urgency="late"]', { timeout: 5000 });
      await api("POST", "/api/v2/activeorders", { name: "71", orderType: "TO_GO" });
      await page.waitForSelector('[data-order="71"]');
      await ticks();
      expect(await alerts()).toEqual([]);

      await fiveMinutesLater();
      await page.waitForFunction(() => (window.__otAlerts ?? []).length > 0, undefined, { timeout: 5000 });
      await ticks();
      expect(await alerts()).toEqual([{ order: "71", kind: "late", sound: true }]);
      await screenshot(page, "alerts-late-1400");

      await api("POST", "/api/v2/activeorders/71/ready");
      await fiveMinutesLater(); // past the default 120 s a ready order may wait
      await page.waitForFunction(() => (window.__otAlerts ?? []).length > 1, undefined, { timeout: 5000 });
      await ticks();
      expect((await alerts()).slice(1)).toEqual([{ order: "71", kind: "readyWaiting", sound: true }]);

      await page.click('[data-action="mute"]');
      expect(await page.getAttribute('[data-action="mute"]', "aria-pressed")).toBe("true");
      await api("POST", "/api/v2/activeorders", { name: "72", orderType: "TO_GO" });
      await page.waitForSelector('[data-order="72"]');
      await fiveMinutesLater();
      await page.waitForFunction(() => (window.__otAlerts ?? []).length > 2, undefined, { timeout: 5000 });
      await ticks();
      expect((await alerts()).slice(2)).toEqual([{ order: "72", kind: "late", sound: false }]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
