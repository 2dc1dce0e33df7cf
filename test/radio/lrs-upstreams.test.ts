// The two upstreams the bridge is proven against (issue 17 point 2): the strict vendor double,
// which must itself refuse everything [opentt] (else its silence proves nothing), and a second
// opentt gateway run with --radio sim. Also: the WebSocket alone carries changes (no poll).
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { AdjustableClock } from "../../src/domain/clock.js";
import type { FloorEvent } from "../../src/domain/floor.js";
import { fixedLocator } from "../../src/hardware/radio/lrs-locate.js";
import { LrsRadio } from "../../src/hardware/radio/lrs-radio.js";
import { RadioLink } from "../../src/hardware/radio/radio-link.js";
import { api, expectError } from "../helpers/contract.js";
import { call, getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { VendorDouble } from "../helpers/vendor-double.js";
import { waitUntil } from "../helpers/wait.js";
import { connect } from "../helpers/ws-client.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("the strict vendor double", () => {
  it("refuses opentt's own routes, fields and queries, and sends frames without seq and no clear event", async () => {
    const up = await new VendorDouble().up(0);
    cleanups.push(() => up.down());
    const token = up.mint();
    const opts = { token };
    for (const [method, route] of [
      ["GET", "/api/v2/accesstoken"],
      ["GET", "/api/v2/trackers"],
      ["GET", "/api/v2/radio"],
      ["GET", "/api/v2/register"],
      ["POST", "/api/v2/sim/trackers/1/start"],
      ["POST", "/sim/trackers/1/start"],
      ["POST", "/admin/button"],
      ["GET", "/api/v2/statistics/range"],
    ] as const)
      expect((await call(up.base, method, route, opts)).body.returnCode, route).toBe(-5);
    const extra = await call(up.base, "POST", "/api/v2/activeorders", {
      token,
      body: { name: "1", orderType: "TO_GO", seq: 3 },
    });
    expect(extra.body.returnCode).toBe(-31);
    expect((await call(up.base, "GET", "/api/v2/activeorders?since=3", opts)).body.returnCode).toBe(-31);
    expect(up.refused.length).toBe(10);
    up.refused.length = 0;

    const ws = connect(up.base, { token });
    cleanups.push(async () => ws.close());
    const snap = await ws.next();
    expect(snap.type).toBe("ACTIVE_ORDERS");
    expect(snap).not.toHaveProperty("seq");
    up.start("4");
    const created = await ws.next();
    expect(created).toMatchObject({ type: "ORDER_CREATED", name: "4" });
    expect(created).not.toHaveProperty("seq");
    up.dock("4");
    up.start("5");
    expect(await ws.next()).toMatchObject({ type: "ORDER_CREATED", name: "5" });
  });
});

describe("against a second opentt gateway run with --radio sim", () => {
  it("mirrors its floor, forwards paging and clearing, and hands back its -14", async () => {
    const upstream: TestGateway = await startTestGateway({ sim: true });
    cleanups.push(() => upstream.stop());
    const upToken = await getToken(upstream, "bridge");
    const t = await startTestGateway({ sim: false, radio: `lrs+${upstream.base}`, radioToken: upToken });
    cleanups.push(() => t.stop());
    const token = await getToken(t);
    const order = (name: string) => t.gateway.ctx.orders.find({ by: "name", name });
    const sim = (path: string, body?: unknown) => call(upstream.base, "POST", `/sim/trackers/${path}`, { body });

    await sim("12/start");
    await waitUntil(() => order("12"), "order 12");
    await sim("12/locate", { table: "8" });
    await waitUntil(() => order("12")?.locationName === "8", "order 12 at table 8");
    const paged = await api(t.base, "POST", "/api/v2/activeorders/12/page", { token });
    expect(paged.body.returnCode).toBe(12);
    const there = await api(upstream.base, "GET", "/api/v2/activeorders/12", { token: upToken });
    expect(there.body.activeorder).toMatchObject({ paged: true });
    expect((await api(t.base, "DELETE", "/api/v2/activeorders/12/page", { token })).body.returnCode).toBe(1002);

    await sim("12/clear");
    await waitUntil(() => order("12") === undefined, "order 12 cleared");

    // An order typed in at the upstream's POS: no tracker there, so paging is impossible.
    await api(upstream.base, "POST", "/api/v2/activeorders", {
      token: upToken,
      body: { name: "40", orderType: "TO_GO" },
    });
    await waitUntil(() => order("40"), "order 40");
    const refused = await api(t.base, "POST", "/api/v2/activeorders/40/page", { token });
    expectError(refused, 409, -14);
    expect(refused.body.message).toMatch(/^The vendor gateway refused: Paging impossible/);

    // Cleared in opentt → cleared upstream.
    await api(t.base, "DELETE", "/api/v2/activeorders/40", { token });
    expectError(await api(upstream.base, "GET", "/api/v2/activeorders/40", { token: upToken }), 404, -6);
  });
});

describe("the WebSocket alone", () => {
  it("carries started and located without waiting for a poll", async () => {
    const up = await new VendorDouble().up(0);
    cleanups.push(() => up.down());
    const clock = new AdjustableClock(0);
    const link = new RadioLink({
      kind: "lrs",
      url: "lrs",
      clock,
      logger: pino({ level: "silent" }),
      lastApplied: () => undefined,
    });
    const token = up.mint();
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const radio = new LrsRadio({
      link,
      clock,
      dataDir: mkdtempSync(`${tmpdir()}/opentt-lrs-`),
      radioToken: token,
      isActive: () => true,
      locate: fixedLocator(up.base),
      pollMs: 3_600_000,
    });
    const events: FloorEvent[] = [];
    await radio.start((e) => events.push(e));
    cleanups.push(() => radio.stop());
    await waitUntil(() => up.requests.includes("WS /api/v2/websocket") && link.online, "connected");
    const polls = up.requests.filter((r) => r === "GET /api/v2/activeorders").length;
    up.start("7");
    up.locate("7", "3");
    await waitUntil(() => events.some((e) => e.kind === "located"), "located by the WebSocket");
    expect(events.map((e) => e.kind)).toEqual(["started", "located"]);
    expect(up.requests.filter((r) => r === "GET /api/v2/activeorders").length).toBe(polls);
    expect(up.refused).toEqual([]);
  });
});

describe("Bonjour (issue 17 point 5)", () => {
  it("a bridged gateway advertises TXT bridge=<upstream>, next to its own serial", async () => {
    const up = await new VendorDouble().up(0);
    cleanups.push(() => up.down());
    const advertised: Array<Record<string, string>> = [];
    const t = await startTestGateway(
      { sim: false, mdns: true, radio: `lrs+${up.base}`, radioToken: up.mint() },
      {
        advertiser: () => ({
          start: async (s) => {
            advertised.push(s.txt);
          },
          stop: async () => {},
        }),
      },
    );
    cleanups.push(() => t.stop());
    expect(advertised).toEqual([
      expect.objectContaining({ api: "v2", serial: t.gateway.ctx.identity.serial, bridge: `127.0.0.1:${up.port}` }),
    ]);
  });
});
