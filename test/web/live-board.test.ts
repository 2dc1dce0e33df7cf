// The live board in a real browser: an order created through REST appears within a second,
// paging and clearing from the cards reach the API, and a lost gateway is shown as lost.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountDashboard } from "../../src/web/serve.js";
import { call, getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { type BrowserRig, openPage, screenshot, startRig } from "./browser.js";

describe("dashboard live board", () => {
  let rig: BrowserRig;
  let token: string;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let restarted: TestGateway | undefined;

  beforeAll(async () => {
    rig = await startRig();
    token = await getToken(rig.t, "browser-test");
    ({ context, page, errors } = await openPage(rig, { token }));
    await page.waitForSelector('[data-link="open"]', { timeout: 10_000 });
  });
  afterAll(async () => {
    await context?.close();
    await restarted?.stop({ keepData: true });
    await rig?.close();
  });

  it("shows an order created through REST within a second", async () => {
    const r = await call(rig.t.base, "POST", "/api/v2/activeorders", {
      token,
      body: { name: "42", orderType: "ON_PREMISE", locationName: "7" },
    });
    expect(r.status).toBe(201);
    const card = await page.waitForSelector('[data-order="42"]', { timeout: 1000 });
    expect(await card.textContent()).toContain("Table 7");
    expect(await page.textContent("[data-count]")).toBe("1");
    // The elapsed time ticks in the browser between frames.
    const first = await page.textContent('[data-order="42"] .card-elapsed');
    await page.waitForFunction(
      (was) => document.querySelector('[data-order="42"] .card-elapsed')?.textContent !== was,
      first,
      { timeout: 3000 },
    );
    expect(errors).toEqual([]);
  });

  it("pages and stops paging an order from its card", async () => {
    // A tracker the gateway has seen can be paged: start it on the simulated floor.
    await call(rig.t.base, "POST", "/sim/trackers/17/start", { token });
    await page.waitForSelector('[data-order="17"]', { timeout: 2000 });
    await page.click('[data-order="17"] [data-action="page"]');
    await page.waitForSelector('[data-order="17"] [data-paged="paging"]', { timeout: 2000 });
    const order = await call(rig.t.base, "GET", "/api/v2/activeorders/17", { token });
    expect((order.body.activeorder as { paged: boolean }).paged).toBe(true);
    const trackers = await call(rig.t.base, "GET", "/api/v2/trackers", { token });
    expect(JSON.stringify(trackers.body)).toMatch(/"name":"17","status":"paging"/);
    await screenshot(page, "board");

    await page.click('[data-order="17"] [data-action="unpage"]');
    await page.waitForSelector('[data-order="17"] [data-action="page"]', { timeout: 2000 });
    const after = await call(rig.t.base, "GET", "/api/v2/trackers", { token });
    expect(JSON.stringify(after.body)).not.toMatch(/"name":"17","status":"paging"/);
  });

  it("offers Page only for orders whose tracker the gateway has seen, and says why not", async () => {
    // Order 42 came from REST: no tracker 42 was ever seen, so paging it would fail (-14).
    await page.waitForSelector('[data-order="42"] [data-action="page"][disabled]', { timeout: 2000 });
    expect(await page.textContent('[data-order="42"] [data-no-tracker]')).toContain("not seen");
    expect(await page.$('[data-order="17"] [data-no-tracker]')).toBeNull();
  });

  it("shows a refused page in the board only, and the message goes by itself", async () => {
    const refusePage = async (name: string) => {
      await call(rig.t.base, "POST", `/sim/trackers/${name}/start`, { token });
      await page.waitForSelector(`[data-order="${name}"] [data-action="page"]:not([disabled])`, { timeout: 2000 });
      // The inventory is cleared behind the board's back: the gateway no longer knows the tracker.
      expect((await call(rig.t.base, "DELETE", "/api/v2/trackers", { token })).status).toBe(200);
      await page.click(`[data-order="${name}"] [data-action="page"]`);
      await page.waitForSelector('.toast[data-kind="error"] >> text=Paging impossible', { timeout: 2000 });
    };
    await refusePage("60");
    await screenshot(page, "board-page-refused");
    // The board re-reads the inventory at once, so the button now says why it is off.
    await page.waitForSelector('[data-order="60"] [data-action="page"][disabled]', { timeout: 2000 });
    // Nobody dismisses it: it goes by itself.
    await page.waitForSelector(".toast", { state: "detached", timeout: 20_000 });

    await refusePage("61");
    await page.click('[data-nav="settings"]');
    await page.waitForSelector('input[name="targetTimeDefault"]', { timeout: 5000 });
    expect(await page.$$(".toast")).toHaveLength(0);
    await page.click('[data-nav="board"]');
    await page.waitForSelector('[data-order="61"]', { timeout: 2000 });
    expect(await page.$$(".toast")).toHaveLength(0);
    // Back to the state the later tests expect: trackers 17, 60, 61 seen again, orders 60 and 61 gone.
    for (const n of ["17", "60", "61"]) await call(rig.t.base, "POST", `/sim/trackers/${n}/start`, { token });
    for (const n of ["60", "61"]) await call(rig.t.base, "DELETE", `/api/v2/activeorders/${n}`, { token });
    await page.waitForSelector('[data-order="61"]', { state: "detached", timeout: 2000 });
    expect(errors).toEqual([]);
  });

  it("asks before clearing, and a confirmed clear reaches the API", async () => {
    await page.click('[data-order="42"] [data-action="clear"]');
    await page.waitForSelector('[role="alertdialog"]', { timeout: 2000 });
    await screenshot(page, "board-confirm-clear");
    await page.click('[role="alertdialog"] button:has-text("Cancel")');
    expect(await page.$('[role="alertdialog"]')).toBeNull();
    expect((await call(rig.t.base, "GET", "/api/v2/activeorders/42", { token })).status).toBe(200);

    await page.click('[data-order="42"] [data-action="clear"]');
    await page.click("[data-confirm]");
    await page.waitForSelector('[data-order="42"]', { state: "detached", timeout: 2000 });
    expect((await call(rig.t.base, "GET", "/api/v2/activeorders/42", { token })).status).toBe(404);
    const history = await call(rig.t.base, "GET", "/api/v2/orders?location_name=7", { token });
    expect((history.body.items as { orderClearedReason: string }[])[0]?.orderClearedReason).toBe("MANAGER_OVERRIDE");
  });

  it("colours a card against the target time as the clock moves", async () => {
    expect(await page.getAttribute('[data-order="17"]', "data-urgency")).toBe("ok");
    await call(rig.t.base, "POST", "/sim/clock", { token, body: { advanceSeconds: 600 } });
    // Another client moved the clock: a reload reads the gateway clock at once (else within a minute).
    await call(rig.t.base, "POST", "/api/v2/activeorders", { token, body: { name: "5", orderType: "TO_GO" } });
    await page.reload();
    await page.waitForSelector('[data-order="17"][data-urgency="late"]', { timeout: 5000 });
    await page.waitForSelector('[data-order="5"][data-urgency="ok"]', { timeout: 5000 });
    await screenshot(page, "board-late");
    expect(errors).toEqual([]);
  });

  it("shows the same orders on a grid of tables, and opens one as a card", async () => {
    await call(rig.t.base, "POST", "/api/v2/activeorders", {
      token,
      body: { name: "9", orderType: "ON_PREMISE", locationName: "12" },
    });
    await page.click('[data-layout="tables"]');
    await page.waitForSelector('[data-grid-table="12"] [data-chip="9"]', { timeout: 2000 });
    expect(
      await page.$$eval("[data-waiting-strip] [data-chip]", (els) => els.map((e) => e.getAttribute("data-chip"))),
    ).toEqual(["17", "5"]);
    await screenshot(page, "board-tables");
    await page.click('[data-chip="17"]');
    await page.waitForSelector('[data-order="17"].focused', { timeout: 2000 });
    expect(errors).toEqual([]);
  });

  it("drives the simulated floor from its own panel (the /sim routes accept the dashboard's origin)", async () => {
    const { context: floorContext, page: floor } = await openPage(rig, { token, hash: "#/floor" });
    try {
      await floor.fill('input[name="tracker"]', "77");
      await floor.click('[data-sim="start"]');
      await page.waitForSelector('[data-order="77"]', { timeout: 5000 });
      expect((await call(rig.t.base, "GET", "/sim/trackers/77")).body.tracker).toMatchObject({ status: "started" });
    } finally {
      await floorContext.close();
    }
    expect(errors).toEqual([]);
  });

  it("says so when the gateway connection is lost, and when it is back", async () => {
    const port = rig.t.gateway.port;
    await rig.t.stop({ keepData: true });
    await page.waitForSelector('[data-connection="lost"]', { timeout: 5000 });
    expect(await page.textContent('[data-connection="lost"]')).toContain("Connection to the gateway lost");
    await screenshot(page, "board-connection-lost");

    // The same gateway (same port, same data, so the token still works) comes back.
    restarted = await startTestGateway({ port, dataDir: rig.t.dataDir }, { extraRoutes: mountDashboard });
    await page.waitForSelector('[data-connection="back"]', { timeout: 20_000 });
    await screenshot(page, "board-connection-back");
    expect(await page.$('[data-order="17"]')).not.toBeNull();
  });
});
