// Issue 17.4: the dashboard says when the radio is offline. A gateway on a real mosquitto the
// test starts: with the broker stopped the banner names the radio, the reason and since when, and
// the Page buttons are disabled with a tooltip saying why (paging would answer 503 / -13); with
// the broker back the banner goes and Page works again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getToken } from "../helpers/gateway.js";
import { type Mosquitto, startMosquitto } from "../helpers/mosquitto.js";
import { connectTracker } from "../helpers/mqtt-tracker.js";
import { waitUntil } from "../helpers/wait.js";
import { type BrowserRig, openPage, screenshot, startRig } from "./browser.js";

const VIEWPORTS = [
  { tag: "1400", width: 1400, height: 900 },
  { tag: "1280x800", width: 1280, height: 800 },
  { tag: "390", width: 390, height: 844 },
];
// The banner shows within a poll or two of the broker going away (lib/radio.ts polls every 5 s).
const BANNER_WAIT = 20_000;

describe("the radio banner", () => {
  let broker: Mosquitto;
  let rig: BrowserRig;
  beforeAll(async () => {
    broker = await startMosquitto();
    rig = await startRig({ sim: false, radio: broker.url("web") });
  });
  afterAll(async () => {
    await rig?.close();
    await broker?.stop();
  });

  it("appears while the broker is down, disables Page with the reason, and goes when it returns", async () => {
    const token = await getToken(rig.t, "radio-banner");
    const tracker = await connectTracker(broker.url());
    await tracker.publish("web/tracker/12/event", JSON.stringify({ event: "located", table: "5" }));
    await tracker.end();
    await waitUntil(() => rig.t.gateway.ctx.orders.find({ by: "name", name: "12" }), "order 12");

    const { context, page, errors } = await openPage(rig, { token, viewport: VIEWPORTS[0] });
    try {
      const pageButton = page.locator('[data-order="12"] [data-action="page"]');
      await pageButton.waitFor({ timeout: 10_000 });
      await waitUntil(async () => await pageButton.isEnabled(), "Page enabled while the radio is online");
      expect(await page.locator('[data-radio="offline"]').count()).toBe(0);

      await broker.halt();
      const banner = page.locator('[data-radio="offline"]');
      await banner.waitFor({ timeout: BANNER_WAIT });
      const status = rig.t.gateway.radioStatus();
      expect(status.online).toBe(false);
      expect(await banner.getAttribute("data-radio-kind")).toBe("mqtt");
      const text = (await banner.textContent()) ?? "";
      expect(text).toContain("Radio offline: MQTT broker");
      expect(text).toContain(broker.url("web"));
      expect(await banner.locator("[data-radio-reason]").textContent()).toBe(status.lastError);
      expect(status.lastError).toBeTruthy();
      expect(await banner.locator("[data-radio-since]").getAttribute("datetime")).toBe(status.since);
      expect(text).toContain(`, since ${status.since.replace("T", " ")}.`);
      expect(text).toContain("paging is unavailable");

      await waitUntil(async () => !(await pageButton.isEnabled()), "Page disabled while the radio is offline");
      expect(await pageButton.getAttribute("title")).toBe(
        `Paging is unavailable: the MQTT broker is offline (${status.lastError}).`,
      );
      for (const v of VIEWPORTS) {
        await page.setViewportSize({ width: v.width, height: v.height });
        // The banner wraps instead of widening the page on a phone.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await screenshot(page, `radio-offline-${v.tag}`);
      }

      await broker.start();
      await banner.waitFor({ state: "detached", timeout: BANNER_WAIT });
      await waitUntil(async () => await pageButton.isEnabled(), "Page enabled again");
      // (preact leaves an emptied title property as title="")
      expect((await pageButton.getAttribute("title")) ?? "").toBe("");
      await pageButton.click();
      await page.locator('[data-order="12"] [data-paged]').waitFor({ timeout: 10_000 });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
