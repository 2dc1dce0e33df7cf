// [opentt] Ready → delivered (issue 18.2): the kitchen's bump and its undo, the event it sends,
// paging the guest when the setting says so, ready times in history and statistics, and the
// inbound webhook with its own revocable tokens. A client that never bumps sees the original.
import { describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { connect } from "../helpers/ws-client.js";

let t: TestGateway;
let token: string;
const advance = (s: number) => api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: s } });
const post = (body: unknown) => api(t.base, "POST", "/api/v2/activeorders", { token, body });
const ready = (id: string, method = "POST") => api(t.base, method, `/api/v2/activeorders/${id}/ready`, { token });
const LOCAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

useTestGateway(async (g, tok) => {
  t = g;
  token = tok;
  await api(t.base, "POST", "/api/v2/gateway/settings", { token, body: { timezone: "+00:00" } });
});

describe("POST/DELETE /api/v2/activeorders/{id}/ready", () => {
  it("marks the order ready (200/22) with readyTime; the mark is sent as ORDER_MODIFIED with its seq", async () => {
    await post({ name: "31", orderType: "TO_GO" });
    const ws = connect(t.base, { token });
    const snap = await ws.next();
    const r = await ready("31");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 200,
      returnCode: 22,
      activeorder: { name: "31", readyTime: expect.stringMatching(LOCAL) },
    });
    const ev = await ws.next();
    expect(ev).toMatchObject({
      type: "ORDER_MODIFIED",
      seq: (snap.seq as number) + 1,
      name: "31",
      readyTime: expect.any(String),
    });
    const got = await api(t.base, "GET", "/api/v2/activeorders/31", { token });
    expect(got.body.activeorder).toMatchObject({ readyTime: (r.body.activeorder as { readyTime: string }).readyTime });
    ws.close();
  });

  it("the polled list (GET /activeorders, served from its cache) carries readyTime too", async () => {
    const one = (await api(t.base, "GET", "/api/v2/activeorders/31", { token })).body.activeorder as {
      readyTime: string;
    };
    const list = await api(t.base, "GET", "/api/v2/activeorders", { token });
    expect(list.status).toBe(200);
    const items = list.body.items as Array<Record<string, unknown>>;
    expect(items.find((o) => o.name === "31")).toMatchObject({ readyTime: one.readyTime });
  });

  it("a second bump keeps the first ready time and sends no event", async () => {
    const before = (await api(t.base, "GET", "/api/v2/activeorders/31", { token })).body.activeorder as Record<
      string,
      unknown
    >;
    const ws = connect(t.base, { token });
    await ws.next();
    await advance(30);
    const again = await ready("31");
    expect((again.body.activeorder as Record<string, unknown>).readyTime).toBe(before.readyTime);
    await ws.barrier();
    expect(ws.frames).toHaveLength(1);
    ws.close();
  });

  it("DELETE undoes it (200/23, readyTime gone); undoing again changes nothing", async () => {
    const r = await ready("31", "DELETE");
    expect(r.body).toMatchObject({ status: 200, returnCode: 23, activeorder: { name: "31" } });
    expect(r.body.activeorder).not.toHaveProperty("readyTime");
    expect((await ready("31", "DELETE")).body.returnCode).toBe(23);
  });

  it("an order never marked ready has exactly the original's fields", async () => {
    await post({ name: "32", orderType: "TO_GO" });
    const o = (await api(t.base, "GET", "/api/v2/activeorders/32", { token })).body.activeorder as object;
    expect(Object.keys(o).sort()).toEqual(
      ["created", "elapsedTime", "locationName", "name", "orderType", "paged", "state", "stateChanged", "uuid"].sort(),
    );
  });

  it("refuses an unknown order (404/-6), a bad id (400/-7) and a missing token (401/-2)", async () => {
    expectError(await ready("999"), 404, -6);
    expectError(await ready("x1"), 400, -7);
    expectError(await api(t.base, "POST", "/api/v2/activeorders/31/ready"), 401, -2);
  });
});

describe("ready times in history and statistics", () => {
  it("history items carry readyTime and readyToDeliveredTime; statistics count them", async () => {
    await post({ name: "41", orderType: "ON_PREMISE", locationName: "5" });
    await advance(120);
    await ready("41");
    await advance(45);
    await api(t.base, "DELETE", "/api/v2/activeorders/41", { token });
    const item = (
      (await api(t.base, "GET", "/api/v2/orders?limit=1", { token })).body.items as Array<Record<string, unknown>>
    )[0];
    expect(item).toMatchObject({ name: "41", readyTime: expect.stringMatching(LOCAL) });
    expect(item?.readyToDeliveredTime).toBeGreaterThanOrEqual(45);
    expect(item?.readyToDeliveredTime).toBeLessThan(55);
    const stats = (await api(t.base, "GET", "/api/v2/statistics", { token })).body.statistics as Record<string, number>;
    expect(stats.readyOrders).toBeGreaterThanOrEqual(1);
    expect(stats.averageReadyToDelivered).toEqual(expect.any(Number));
  });

  it("an order cleared without a ready mark has no ready fields in history", async () => {
    await post({ name: "42", orderType: "TO_GO" });
    await api(t.base, "DELETE", "/api/v2/activeorders/42", { token });
    const item = (
      (await api(t.base, "GET", "/api/v2/orders?limit=1", { token })).body.items as Array<Record<string, unknown>>
    )[0];
    expect(item).toMatchObject({ name: "42" });
    expect(item).not.toHaveProperty("readyTime");
    expect(item).not.toHaveProperty("readyToDeliveredTime");
  });
});

describe("pageWhenReady", () => {
  it("is absent from the settings until saved; a bad value names what is allowed (-21)", async () => {
    const s = (await api(t.base, "GET", "/api/v2/gateway/settings", { token })).body.settings;
    expect(s).not.toHaveProperty("pageWhenReady");
    const bad = await api(t.base, "POST", "/api/v2/gateway/settings", { token, body: { pageWhenReady: "some" } });
    expectError(bad, 400, -21);
    expect(bad.body.message).toMatch(/none, toGo .* or all/);
  });

  it("toGo pages a to-go order's tracker when marked ready, and not an on-premise one", async () => {
    await api(t.base, "POST", "/api/v2/gateway/settings", { token, body: { pageWhenReady: "toGo" } });
    expect((await api(t.base, "GET", "/api/v2/gateway/settings", { token })).body.settings).toMatchObject({
      pageWhenReady: "toGo",
    });
    await api(t.base, "POST", "/sim/trackers/51/start");
    await post({ name: "51", orderType: "TO_GO" });
    await api(t.base, "POST", "/sim/trackers/52/start");
    const togo = await ready("51");
    expect(togo.body.activeorder).toMatchObject({ paged: true, readyTime: expect.any(String) });
    expect((await api(t.base, "GET", "/sim/trackers/51")).body.tracker).toMatchObject({ paging: true });
    const onPremise = await ready("52");
    expect(onPremise.body.activeorder).toMatchObject({ paged: false, readyTime: expect.any(String) });
  });

  it("a to-go order whose tracker was never seen is still marked ready, unpaged", async () => {
    await post({ name: "53", orderType: "TO_GO" });
    expect((await ready("53")).body.activeorder).toMatchObject({ paged: false, readyTime: expect.any(String) });
    await api(t.base, "POST", "/api/v2/gateway/settings", { token, body: { pageWhenReady: "none" } });
  });
});

describe("POST /api/v2/hooks/ready?order=…&token=…", () => {
  let hook: string;
  it("a hook token is minted by a token holder (201/2) and listed without its secret (26)", async () => {
    const r = await api(t.base, "POST", "/api/v2/hooks/tokens", { token, body: { name: "kds-line" } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      returnCode: 2,
      token: { name: "kds-line", token: expect.stringMatching(/^[0-9a-f]{48}$/) },
    });
    hook = (r.body.token as { token: string }).token;
    const list = await api(t.base, "GET", "/api/v2/hooks/tokens", { token });
    expect(list.body).toMatchObject({ returnCode: 26, count: 1, items: [{ name: "kds-line" }] });
    expect(JSON.stringify(list.body)).not.toContain(hook);
  });

  it("marks the order ready from the URL alone, or with the token in a header", async () => {
    await post({ name: "61", orderType: "TO_GO" });
    const r = await api(t.base, "POST", `/api/v2/hooks/ready?order=61&token=${hook}`);
    expect(r.body).toMatchObject({
      status: 200,
      returnCode: 22,
      activeorder: { name: "61", readyTime: expect.any(String) },
    });
    await post({ name: "62", orderType: "TO_GO" });
    const h = await api(t.base, "POST", "/api/v2/hooks/ready?order=62", { token: hook });
    expect(h.body).toMatchObject({ returnCode: 22, activeorder: { name: "62" } });
  });

  it("opens that route only: an access token is refused there, a hook token everywhere else", async () => {
    await post({ name: "63", orderType: "TO_GO" });
    const wrong = await api(t.base, "POST", `/api/v2/hooks/ready?order=63&token=${token}`);
    expectError(wrong, 401, -2);
    expect(wrong.body.message).toMatch(/hook token/);
    expectError(await api(t.base, "GET", "/api/v2/activeorders", { token: hook }), 401, -2);
    expectError(
      await ready("63").then(() => api(t.base, "POST", "/api/v2/activeorders/63/ready", { token: hook })),
      401,
      -2,
    );
  });

  it("names a missing order (400/-7) and an unknown one (404/-6)", async () => {
    const r = await api(t.base, "POST", `/api/v2/hooks/ready?token=${hook}`);
    expectError(r, 400, -7);
    expect(r.body.message).toMatch(/\?order=/);
    expectError(await api(t.base, "POST", `/api/v2/hooks/ready?order=998&token=${hook}`), 404, -6);
  });

  it("a revoked hook token no longer opens the route", async () => {
    const d = await api(t.base, "DELETE", "/api/v2/hooks/tokens/kds-line", { token });
    expect(d.body).toMatchObject({ status: 200, returnCode: 1001 });
    await post({ name: "64", orderType: "TO_GO" });
    expectError(await api(t.base, "POST", `/api/v2/hooks/ready?order=64&token=${hook}`), 401, -2);
  });
});
