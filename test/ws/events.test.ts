// What subscribers receive (spec §4): the snapshot then deltas with seq + 1, flat orders with
// type and seq and no message; clears as ORDER_MODIFIED (one per order on clear-all); events
// from REST, the simulated floor and the clock alike; seq continuing after a restart.
import { afterAll, describe, expect, it } from "vitest";
import { call, getToken, startTestGateway, type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { connect, type Frame, type TestClient } from "../helpers/ws-client.js";

let t: TestGateway;
let token: string;
let c: TestClient;
let lastSeq = 0;

/** The next frame must be the next event: seq one more than the last one seen. */
async function nextEvent(): Promise<Frame> {
  const f = await c.next();
  expect(f.seq).toBe(lastSeq + 1);
  expect(f).not.toHaveProperty("message");
  lastSeq = f.seq as number;
  return f;
}

const post = (body: unknown) => call(t.base, "POST", "/api/v2/activeorders", { token, body });

useTestGateway(async (g, tok) => {
  t = g;
  token = tok;
  await post({ name: "1", orderType: "TO_GO" });
  c = connect(t.base, { token });
  const snap = await c.next();
  expect(snap).toMatchObject({
    type: "ACTIVE_ORDERS",
    seq: 1,
    count: 1,
    items: [expect.objectContaining({ name: "1" })],
  });
  expect(snap).not.toHaveProperty("message");
  lastSeq = snap.seq as number;
});
afterAll(async () => {
  c.close();
});

describe("deltas after the snapshot", () => {
  it("ORDER_CREATED carries the order's fields flat, with type and seq", async () => {
    await post({ name: "2", orderType: "TO_GO" });
    const f = await nextEvent();
    expect(f).toEqual({
      type: "ORDER_CREATED",
      seq: 2,
      name: "2",
      uuid: expect.any(String),
      orderType: "TO_GO",
      locationName: "",
      state: "started",
      created: expect.any(String),
      stateChanged: expect.any(String),
      paged: false,
      elapsedTime: 0,
    });
  });

  it("a modify is ORDER_MODIFIED; a POST that changes nothing sends nothing", async () => {
    await post({ name: "2", locationName: "6" });
    expect(await nextEvent()).toMatchObject({ type: "ORDER_MODIFIED", state: "located", locationName: "6" });
    await post({ name: "2", locationName: "6" });
    await c.barrier();
    expect(c.frames).toHaveLength(3);
  });

  it("a page is ORDER_PAGED with paged true", async () => {
    await call(t.base, "POST", "/sim/trackers/2/locate", { body: { table: "6" } });
    await call(t.base, "POST", "/api/v2/activeorders/2/page", { token });
    expect(await nextEvent()).toMatchObject({ type: "ORDER_PAGED", name: "2", paged: true });
  });

  it("a clear is ORDER_MODIFIED with state cleared", async () => {
    await call(t.base, "DELETE", "/api/v2/activeorders/2", { token });
    expect(await nextEvent()).toMatchObject({ type: "ORDER_MODIFIED", name: "2", state: "cleared" });
  });

  it("clear-all sends one ORDER_MODIFIED per order", async () => {
    for (const name of ["10", "11", "12"]) {
      await post({ name, orderType: "TO_GO" });
      await nextEvent();
    }
    await call(t.base, "DELETE", "/api/v2/activeorders", { token });
    const clears = [await nextEvent(), await nextEvent(), await nextEvent(), await nextEvent()];
    expect(clears.map((f) => [f.type, f.name, f.state])).toEqual([
      ["ORDER_MODIFIED", "1", "cleared"],
      ["ORDER_MODIFIED", "10", "cleared"],
      ["ORDER_MODIFIED", "11", "cleared"],
      ["ORDER_MODIFIED", "12", "cleared"],
    ]);
  });
});

describe("every source of change reaches subscribers", () => {
  it("the simulated floor: start, locate, dock", async () => {
    await call(t.base, "POST", "/sim/trackers/20/start");
    expect(await nextEvent()).toMatchObject({ type: "ORDER_CREATED", name: "20", state: "started" });
    await call(t.base, "POST", "/sim/trackers/20/locate", { body: { table: "3" } });
    expect(await nextEvent()).toMatchObject({ type: "ORDER_MODIFIED", name: "20", locationName: "3" });
    await call(t.base, "POST", "/sim/trackers/20/clear");
    expect(await nextEvent()).toMatchObject({ type: "ORDER_MODIFIED", name: "20", state: "cleared" });
  });

  it("the clock: automatic clearing after 12 hours", async () => {
    await post({ name: "21", orderType: "TO_GO" });
    await nextEvent();
    await call(t.base, "POST", "/sim/clock", { body: { advanceSeconds: 12 * 3600 } });
    expect(await nextEvent()).toMatchObject({ type: "ORDER_MODIFIED", name: "21", state: "cleared" });
  });
});

describe("seq across a restart", () => {
  it("continues from the last event; stopping closes clients with 1001", async () => {
    const g = await startTestGateway();
    const tk = await getToken(g);
    for (const name of ["1", "2", "3"])
      await call(g.base, "POST", "/api/v2/activeorders", { token: tk, body: { name, orderType: "TO_GO" } });
    const before = connect(g.base, { token: tk });
    await before.next();
    await g.stop({ keepData: true });
    // Stopping says goodbye to every client.
    expect((await before.closed).code).toBe(1001);
    const again = await startTestGateway({ dataDir: g.dataDir });
    try {
      const tk2 = await getToken(again, "second");
      const client = connect(again.base, { token: tk2 });
      expect(await client.next()).toMatchObject({ type: "ACTIVE_ORDERS", seq: 3, count: 3 });
      await call(again.base, "POST", "/api/v2/activeorders", { token: tk2, body: { name: "4", orderType: "TO_GO" } });
      expect(await client.next()).toMatchObject({ type: "ORDER_CREATED", seq: 4 });
      client.close();
    } finally {
      await again.stop();
    }
  });
});
