// Issue 16 point 8: with a real radio (here the embedded MQTT broker) the dashboard's Floor
// panel shows the trackers and repeaters the radio reports — state, table, battery, last seen —
// and none of the simulated floor's controls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getToken } from "../helpers/gateway.js";
import { connectTracker } from "../helpers/mqtt-tracker.js";
import { type BrowserRig, openPage, startRig } from "./browser.js";

describe("the Floor panel with --radio mqtt", () => {
  let rig: BrowserRig;
  beforeAll(async () => {
    rig = await startRig({ sim: false, radio: "mqtt", mqttPort: 0 });
  });
  afterAll(() => rig?.close());

  it("lists real trackers and repeaters, without sim controls", async () => {
    const token = await getToken(rig.t, "floor-radio");
    const dev = await connectTracker(rig.t.gateway.radioStatus().url);
    await dev.publish("opentt/tracker/14/event", JSON.stringify({ event: "located", table: "8", battery: 64 }));
    await dev.publish("opentt/repeater/R2/state", JSON.stringify({ online: true }), true);
    await dev.end();
    const { context, page, errors } = await openPage(rig, { token, hash: "#/floor" });
    try {
      await page.waitForSelector('[data-tracker="14"] >> text=table 8', { timeout: 10_000 });
      expect(await page.textContent('[data-tracker="14"] [data-battery]')).toBe("64%");
      expect(await page.textContent('[data-tracker="14"] [data-last-seen]')).toMatch(
        /^seen [A-Z][a-z]{2} \d{1,2}, \d\d:\d\d [AP]M$/,
      );
      await page.waitForSelector('[data-repeater="R2"] >> text=ACTIVE', { timeout: 5000 });
      expect(await page.locator("[data-sim]").count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
