// The simulated floor's routes (issue 2.6): trackers started, located and docked drive orders;
// GET /sim/trackers/{n} reports the tracker under `tracker` and is not-found until the floor has
// seen it (issue 14.13, 14.14); /sim/button and /sim/clock; none exist without --sim.
import { describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { call, getToken, startTestGateway, type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
let token: string;
const order = async (n: string) => (await api(t.base, "GET", `/api/v2/activeorders/${n}`, { token })).body.activeorder;

useTestGateway((g, tok) => {
  t = g;
  token = tok;
});

describe("/sim/trackers/{n}", () => {
  it("start begins an ON_PREMISE order of that number", async () => {
    const r = await api(t.base, "POST", "/sim/trackers/101/start");
    expect(r.body).toEqual({
      status: 200,
      returnCode: 18,
      tracker: { name: "101", status: "started", paging: false, locationName: "", battery: 100 },
    });
    expect(await order("101")).toMatchObject({ state: "started", orderType: "ON_PREMISE" });
  });

  it("locate puts it on a table", async () => {
    const r = await api(t.base, "POST", "/sim/trackers/101/locate", { body: { table: "12" } });
    expect(r.body).toMatchObject({ status: 200, tracker: { status: "located", locationName: "12" } });
    expect(await order("101")).toMatchObject({ state: "located", locationName: "12" });
  });

  it("GET reports the tracker under `tracker`; the envelope's status is the HTTP status", async () => {
    const r = await api(t.base, "GET", "/sim/trackers/101");
    expect(r.body).toEqual({
      status: 200,
      returnCode: 18,
      tracker: { name: "101", status: "located", paging: false, locationName: "12", battery: expect.any(Number) },
    });
  });

  it("clear docks it and clears the order with reason TRACKER", async () => {
    const r = await api(t.base, "POST", "/sim/trackers/101/clear");
    expect(r.body).toMatchObject({ status: 200, tracker: { status: "docked", locationName: "" } });
    expectError(await api(t.base, "GET", "/api/v2/activeorders/101", { token }), 404, -6);
    const h = await api(t.base, "GET", "/api/v2/orders?limit=1", { token });
    expect((h.body.items as unknown[])[0]).toMatchObject({ name: "101", orderClearedReason: "TRACKER" });
    expect((await api(t.base, "GET", "/sim/trackers/101")).body.tracker).toMatchObject({ status: "docked" });
  });

  it("a tracker the floor has not seen is 404 -5, and asking does not make it seen", async () => {
    const r = await api(t.base, "GET", "/sim/trackers/999");
    expectError(r, 404, -5);
    expect(r.body.message).toMatch(/Tracker 999 has not been seen.*\/sim\/trackers\/999\/start/);
    expectError(await api(t.base, "POST", "/sim/trackers/999/clear"), 404, -5);
    const inventory = await api(t.base, "GET", "/api/v2/trackers", { token });
    expect((inventory.body.items as Array<{ name: string }>).map((i) => i.name)).not.toContain("999");
    expectError(await api(t.base, "GET", "/sim/trackers/999"), 404, -5);
  });

  it("locate makes a tracker out of the box seen, like start", async () => {
    await api(t.base, "POST", "/sim/trackers/998/locate", { body: { table: "4" } });
    expect((await api(t.base, "GET", "/sim/trackers/998")).body.tracker).toMatchObject({ status: "located" });
    await api(t.base, "POST", "/sim/trackers/998/clear");
  });

  it("refuses a bad table or tracker number", async () => {
    expect((await call(t.base, "POST", "/sim/trackers/102/locate", { body: { table: "A" } })).status).toBe(400);
    expect((await call(t.base, "POST", "/sim/trackers/abc/start")).status).toBe(400);
  });
});

describe("/sim/button and /sim/clock", () => {
  it("the button and the clock keep the envelope's status the HTTP status", async () => {
    expect((await api(t.base, "POST", "/sim/button")).body).toMatchObject({ status: 200, returnCode: 17 });
    expect((await api(t.base, "GET", "/sim/clock")).body).toMatchObject({ status: 200, clock: expect.any(Object) });
  });

  it("the button opens the window; the clock closes it", async () => {
    await api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: 200 } });
    expectError(await api(t.base, "GET", "/api/v2/accesstoken/generate?name=s1"), 403, -3);
    const r = await api(t.base, "POST", "/sim/button");
    expect(r.body.windowSeconds).toBe(120);
    expect((await api(t.base, "GET", "/api/v2/accesstoken/generate?name=s1")).status).toBe(201);
    await api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: 120 } });
    expectError(await api(t.base, "GET", "/api/v2/accesstoken/generate?name=s2"), 403, -3);
  });

  it("moving the clock moves elapsedTime and the gateway time", async () => {
    await api(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "110", orderType: "TO_GO" } });
    const before = (await api(t.base, "GET", "/api/v2")).body.gateway as { time: string };
    const r = await api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: 3600 } });
    expect((r.body.clock as { offsetSeconds: number }).offsetSeconds).toBeGreaterThanOrEqual(3600);
    expect((await order("110")) as { elapsedTime: number }).toMatchObject({ elapsedTime: expect.any(Number) });
    expect(((await order("110")) as { elapsedTime: number }).elapsedTime).toBeGreaterThanOrEqual(3600);
    const after = (await api(t.base, "GET", "/api/v2")).body.gateway as { time: string };
    expect(after.time > before.time).toBe(true);
  });

  it("keeps the clock on whole milliseconds whatever fraction of a second it is moved by", async () => {
    await api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: 0.0004 } });
    await api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: 1.2345678 } });
    expect(Number.isInteger(t.gateway.ctx.clock.now())).toBe(true);
  });

  it("refuses a clock that would go backwards or a non-number", async () => {
    expect((await call(t.base, "POST", "/sim/clock", { body: { advanceSeconds: -5 } })).status).toBe(400);
    expect((await call(t.base, "POST", "/sim/clock", { body: { advanceSeconds: "10" } })).status).toBe(400);
  });
});

describe("a web page of another site open on the gateway box", () => {
  const evil = { origin: "http://evil.example" };

  it("cannot drive the floor or the clock without a token (403 -5, and nothing happens)", async () => {
    const before = (await api(t.base, "GET", "/sim/clock")).body.clock as { offsetSeconds: number };
    for (const [method, path, body] of [
      ["POST", "/sim/trackers/131/start", undefined],
      ["POST", "/sim/trackers/131/locate", { table: "1" }],
      ["POST", "/sim/trackers/131/clear", undefined],
      ["GET", "/sim/trackers/131", undefined],
      ["GET", "/sim/clock", undefined],
      ["POST", "/sim/clock", { advanceSeconds: 600 }],
    ] as const) {
      const r = await api(t.base, method, path, { headers: evil, body });
      expectError(r, 403, -5);
      expect(r.body.message).toMatch(/another site.*token/);
    }
    expectError(await api(t.base, "GET", "/api/v2/activeorders/131", { token }), 404, -6);
    expect((await api(t.base, "GET", "/sim/clock")).body.clock).toMatchObject({ offsetSeconds: before.offsetSeconds });
  });

  it("may with a token; this gateway's own pages need none", async () => {
    const started = await api(t.base, "POST", "/sim/trackers/132/start", { headers: evil, token });
    expect(started.body).toMatchObject({ status: 200, tracker: { status: "started" } });
    for (const origin of [`http://127.0.0.1:${t.gateway.port}`, `http://localhost:${t.gateway.port}`]) {
      const r = await api(t.base, "GET", "/sim/trackers/132", { headers: { origin } });
      expect(r.body).toMatchObject({ status: 200, tracker: { status: "started" } });
    }
    await api(t.base, "POST", "/sim/trackers/132/clear");
  });
});

describe("without --sim", () => {
  it("every /sim route is 404 -5", async () => {
    const g = await startTestGateway({ sim: false });
    try {
      for (const [method, path] of [
        ["POST", "/sim/trackers/1/start"],
        ["POST", "/sim/trackers/1/locate"],
        ["POST", "/sim/trackers/1/clear"],
        ["GET", "/sim/trackers/1"],
        ["POST", "/sim/button"],
        ["POST", "/sim/clock"],
      ] as const) {
        const body = method === "POST" ? { table: "1", advanceSeconds: 1 } : undefined;
        expectError(await api(g.base, method, path, { body }), 404, -5);
      }
    } finally {
      await g.stop();
    }
  });
});

describe("after a restart", () => {
  it("the floor still knows the trackers the gateway has seen, where they were", async () => {
    const g = await startTestGateway();
    let again: TestGateway | undefined;
    try {
      await api(g.base, "POST", "/sim/trackers/7/locate", { body: { table: "3" } });
      await api(g.base, "POST", "/sim/trackers/8/start");
      await g.stop({ keepData: true });
      again = await startTestGateway({ dataDir: g.dataDir });
      expect((await api(again.base, "GET", "/sim/trackers/7")).body.tracker).toMatchObject({
        status: "located",
        locationName: "3",
      });
      expect((await api(again.base, "GET", "/sim/trackers/8")).body.tracker).toMatchObject({ status: "started" });
      expectError(await api(again.base, "GET", "/sim/trackers/9"), 404, -5);
      // Docking the tracker seen before the restart clears its order.
      await api(again.base, "POST", "/sim/trackers/7/clear");
      const tk = await getToken(again);
      expectError(await api(again.base, "GET", "/api/v2/activeorders/7", { token: tk }), 404, -6);
    } finally {
      await again?.stop();
      await g.stop();
    }
  });
});
