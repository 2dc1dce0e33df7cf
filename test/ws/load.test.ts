// The WebSocket under load (spec §4): strictly consecutive seq for every client while many
// REST writers race, a client joining mid-stream still missing nothing, 200 subscribers all
// receiving each event, a reader that stopped reading cut off with 1013 while the others keep
// up, dead peers dropped by the heartbeat, and clients that come and go (as in the soak) leaving
// nothing behind.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { OrderRecord } from "../../src/domain/records.js";
import { call, getToken, startTestGateway, type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { waitUntil } from "../helpers/wait.js";
import { connect, type Frame, type TestClient } from "../helpers/ws-client.js";

let t: TestGateway;
let token: string;

useTestGateway((g, tok) => {
  t = g;
  token = tok;
});

/** Replays a client's frames: checks seq is snapshot + 1, + 2, … and returns the active set. */
function replay(frames: Frame[]): { lastSeq: number; active: Map<string, Frame> } {
  const [snap, ...events] = frames;
  expect(snap?.type).toBe("ACTIVE_ORDERS");
  const active = new Map<string, Frame>();
  for (const o of (snap?.items ?? []) as Frame[]) active.set(o.name as string, o);
  let seq = snap?.seq as number;
  for (const e of events) {
    expect(e.seq, `after seq ${seq}`).toBe(seq + 1);
    seq = e.seq as number;
    if (e.state === "cleared") active.delete(e.name as string);
    else active.set(e.name as string, e);
  }
  return { lastSeq: seq, active };
}

const strip = (o: Frame) => ({
  name: o.name,
  uuid: o.uuid,
  state: o.state,
  locationName: o.locationName,
  paged: o.paged,
});

describe("concurrent writers", () => {
  it("every client sees strictly consecutive seq and ends in the state REST reports", async () => {
    const early = [connect(t.base, { token }), connect(t.base, { token }), connect(t.base, { token })];
    await Promise.all(early.map((c) => c.next().then((f) => c.frames.indexOf(f))));
    const startSeq = early[0]?.frames[0]?.seq as number;
    let late: TestClient | undefined;

    // Four writers, 30 orders each: create, locate, and clear every third.
    const writer = async (w: number) => {
      for (let i = 0; i < 30; i++) {
        const name = String(w * 1000 + i);
        await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name, orderType: "TO_GO" } });
        await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name, locationName: String(i) } });
        if (i % 3 === 0) await call(t.base, "DELETE", `/api/v2/activeorders/${name}`, { token });
        if (w === 1 && i === 20) late = connect(t.base, { token });
      }
    };
    await Promise.all([1, 2, 3, 4].map(writer));
    const events = 4 * (30 * 2 + 10);
    const finalSeq = startSeq + events;

    const rest = (await call(t.base, "GET", "/api/v2/activeorders", { token })).body.items as Frame[];
    expect(rest).toHaveLength(4 * 20);
    for (const c of [...early, late as TestClient]) {
      await c.waitFrames(1);
      const snapSeq = c.frames[0]?.seq as number;
      const frames = await c.waitFrames(1 + finalSeq - snapSeq);
      const { lastSeq, active } = replay(frames);
      expect(lastSeq).toBe(finalSeq);
      expect([...active.values()].map(strip).sort((a, b) => Number(a.name) - Number(b.name))).toEqual(
        rest.map(strip).sort((a, b) => Number(a.name) - Number(b.name)),
      );
      c.close();
    }
    expect(late?.frames[0]?.seq).toBeGreaterThan(startSeq);
    await call(t.base, "DELETE", "/api/v2/activeorders", { token });
  });
});

describe("fan-out", () => {
  it("200 concurrent subscribers all receive each event", async () => {
    const clients = Array.from({ length: 200 }, () => connect(t.base, { token }));
    await Promise.all(clients.map((c) => c.waitFrames(1)));
    for (const name of ["500", "501", "502", "503", "504"]) {
      await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name, orderType: "TO_GO" } });
    }
    const received = await Promise.all(clients.map((c) => c.waitFrames(6)));
    for (const frames of received) {
      expect(frames.slice(1).map((f) => [f.type, f.name])).toEqual(
        ["500", "501", "502", "503", "504"].map((n) => ["ORDER_CREATED", n]),
      );
      replay(frames);
    }
    for (const c of clients) c.close();
    await Promise.all(clients.map((c) => c.closed));
    await call(t.base, "DELETE", "/api/v2/activeorders", { token });
  });
});

describe("a slow reader", () => {
  it("is cut off with 1013 once its backlog passes 1 MiB, while a reading client gets every event", async () => {
    // A gateway of its own: the events below are fed straight into the domain's event bus (the
    // hub's only input) with an oversized order, so the loopback socket buffers fill in a few
    // hundred frames instead of tens of thousands of database writes.
    const g = await startTestGateway();
    try {
      const gToken = await getToken(g);
      const slow = connect(g.base, { token: gToken });
      const fast = connect(g.base, { token: gToken });
      await Promise.all([slow.waitFrames(1), fast.waitFrames(1)]);
      const before = g.gateway.hub.clientCount;
      slow.socket.pause();

      const { events, orders, clock } = g.gateway.ctx;
      const now = clock.now();
      const order: OrderRecord = {
        ...{ id: 0, uuid: randomUUID(), name: "9".repeat(64 * 1024), orderType: "TO_GO", locationName: null },
        ...{ state: "started", created: now, stateChanged: now, locatedAt: null, pagedAt: null, clearedAt: null },
        ...{ clearedReason: null, paged: false, version: 1 },
      };
      let seq = orders.seq;
      let sent = 0;
      for (let batch = 0; batch < 500 && g.gateway.hub.clientCount === before; batch++) {
        for (let i = 0; i < 4; i++, sent++) events.emit("order", { type: "ORDER_MODIFIED", seq: ++seq, order });
        // Yield so the reading client drains between batches, as a live gateway would.
        await new Promise((r) => setImmediate(r));
      }
      expect(g.gateway.hub.clientCount, "the slow client was dropped").toBe(before - 1);

      slow.socket.resume();
      expect((await slow.closed).code).toBe(1013);
      const frames = await fast.waitFrames(1 + sent, 20_000);
      expect(replay(frames).lastSeq).toBe(seq);
      expect(fast.ws.readyState).toBe(fast.ws.OPEN);
      fast.close();
    } finally {
      await g.stop();
    }
  });
});

describe("subscribers coming and going", () => {
  it("leave nothing behind in the hub, however they leave", async () => {
    const base = { peers: t.gateway.hub.peerCount, subscribers: t.gateway.hub.clientCount };
    for (let round = 0; round < 10; round++) {
      const byHeader = connect(t.base, { token });
      const byFrame = connect(t.base);
      const silent = connect(t.base);
      const wrong = connect(t.base);
      await Promise.all([byFrame.opened, silent.opened, wrong.opened]);
      byFrame.send({ accesstoken: token });
      wrong.send({ accesstoken: "0".repeat(48) });
      await Promise.all([byHeader.waitFrames(1), byFrame.waitFrames(1), silent.barrier()]);
      expect((await wrong.closed).code).toBe(4401);
      byHeader.close();
      byFrame.close();
      silent.close();
      await Promise.all([byHeader.closed, byFrame.closed, silent.closed]);
    }
    await waitUntil(() => t.gateway.hub.peerCount === base.peers, "the hub to forget closed peers");
    expect(t.gateway.hub.clientCount).toBe(base.subscribers);
  });
});

describe("the heartbeat", () => {
  it("drops a peer that does not answer pings and keeps one that does", async () => {
    // Pings every 250 ms instead of 30 s, on a gateway of its own.
    const h = await startTestGateway({}, { hub: { heartbeatMs: 250 } });
    const hToken = await getToken(h);
    const dead = connect(h.base, { token: hToken, ws: { autoPong: false } });
    const alive = connect(h.base, { token: hToken });
    await Promise.all([dead.waitFrames(1), alive.waitFrames(1)]);
    const closed = await dead.closed;
    expect(closed.code).toBe(1006);
    expect(alive.ws.readyState).toBe(alive.ws.OPEN);
    await call(h.base, "POST", "/api/v2/activeorders", { token: hToken, body: { name: "900", orderType: "TO_GO" } });
    expect((await alive.waitFrames(2))[1]).toMatchObject({ name: "900" });
    alive.close();
    await h.stop();
  });
});
