// subscribe() against real gateways: snapshot then deltas, both auth styles, a refused token,
// a seq gap (a transport that loses one frame) resynced, a gateway restart, and a move to a new
// address found by rediscovery.

import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient, type SocketLike, type Subscription, subscribe } from "../../src/sdk/index.js";
import { subscribe as nodeSubscribe } from "../../src/sdk/node.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { next, ordersMatch } from "../helpers/wait.js";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function gateway(overrides: Parameters<typeof startTestGateway>[0] = {}): Promise<TestGateway> {
  const gw = await startTestGateway(overrides);
  cleanup.push(() => gw.stop());
  return gw;
}
function track(sub: Subscription): Subscription {
  cleanup.push(() => sub.close());
  return sub;
}
const fast = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.5 };

/** The `ws` package as a browser-style WebSocket that loses the frames `lose` picks. */
function lossyWebSocket(lose: (frame: { type?: string; seq?: number; name?: string }) => boolean) {
  return class implements SocketLike {
    readonly #ws: WebSocket;
    onopen: SocketLike["onopen"] = null;
    onmessage: SocketLike["onmessage"] = null;
    onclose: SocketLike["onclose"] = null;
    onerror: SocketLike["onerror"] = null;
    constructor(url: string) {
      this.#ws = new WebSocket(url);
      this.#ws.on("open", () => this.onopen?.({}));
      this.#ws.on("error", (e) => this.onerror?.(e));
      this.#ws.on("close", (code, reason) => this.onclose?.({ code, reason: reason.toString() }));
      this.#ws.on("message", (data) => {
        const text = data.toString();
        if (!lose(JSON.parse(text))) this.onmessage?.({ data: text });
      });
    }
    send(data: string) {
      this.#ws.send(data);
    }
    close(code?: number, reason?: string) {
      this.#ws.close(code, reason);
    }
  };
}

describe("subscribe", () => {
  it("keeps the active orders from the snapshot and deltas (header auth on Node)", async () => {
    const gw = await gateway();
    const client = createClient({ baseUrl: gw.base, token: await getToken(gw) });
    await client.upsertOrder({ name: "1", orderType: "ON_PREMISE" });
    const sub = track(nodeSubscribe({ baseUrl: gw.base, token: (await client.createToken("ws")).token }));
    const snap = await next(sub, "snapshot");
    expect(snap.items.map((o) => o.name)).toEqual(["1"]);
    expect(sub.status).toBe("open");

    await client.upsertOrder({ name: "2", orderType: "TO_GO" });
    await client.upsertOrder({ name: "2", locationName: "4" });
    await ordersMatch(sub, (n) => n.join() === "1,2");
    await client.clearOrder("1");
    await ordersMatch(sub, (n) => n.join() === "2");
    expect(sub.orders()[0]).toMatchObject({ name: "2", state: "located", locationName: "4" });
    expect(sub.orders()).toEqual(
      await client.listOrders().then((l) => l.map((o) => ({ ...o, elapsedTime: expect.any(Number) }))),
    );
  });

  it("authenticates with the first frame like a browser", async () => {
    const gw = await gateway();
    const token = await getToken(gw);
    const sub = track(
      subscribe({ baseUrl: gw.base, token, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket }),
    );
    await sub.ready();
    const seq = sub.seq ?? 0;
    const event = next(sub, "event");
    await createClient({ baseUrl: gw.base, token }).upsertOrder({ name: "9", orderType: "TO_GO" });
    expect(await event).toMatchObject({ type: "ORDER_CREATED", name: "9", seq: seq + 1 });
  });

  it.each(["header", "frame"] as const)("closes for good on a refused token (%s auth)", async (auth) => {
    const gw = await gateway();
    const sub = track(nodeSubscribe({ baseUrl: gw.base, token: "f".repeat(48), auth, backoff: fast }));
    const err = await next(sub, "error");
    expect(err).toMatchObject({ code: "INVALID_TOKEN", returnCode: -2 });
    await expect(sub.ready()).rejects.toMatchObject({ code: "INVALID_TOKEN" });
    expect(sub.status).toBe("closed");
  });

  it("resyncs from a fresh snapshot when a seq gap shows a lost frame", async () => {
    const gw = await gateway();
    const token = await getToken(gw);
    const client = createClient({ baseUrl: gw.base, token });
    let lost = 0;
    const Lossy = lossyWebSocket((f) => f.type === "ORDER_CREATED" && f.name === "21" && lost++ === 0);
    const sub = track(subscribe({ baseUrl: gw.base, token, WebSocket: Lossy, backoff: fast }));
    await sub.ready();
    const resync = next(sub, "resync");
    await client.upsertOrder({ name: "21", orderType: "TO_GO" }); // this frame is lost
    await client.upsertOrder({ name: "22", orderType: "TO_GO" }); // its seq shows the gap
    const gap = await resync;
    expect(gap.received).toBe(gap.expected + 1);
    await ordersMatch(sub, (n) => n.includes("21") && n.includes("22"));
    expect(lost).toBe(1);
    expect(sub.seq).toBe(gap.received);
  });

  it("reconnects after the gateway restarts on the same data and port", async () => {
    const first = await startTestGateway();
    const token = await getToken(first);
    const { dataDir } = first;
    const port = first.gateway.port;
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const sub = track(nodeSubscribe({ baseUrl: first.base, token, backoff: fast }));
    await sub.ready();
    await createClient({ baseUrl: first.base, token }).upsertOrder({ name: "31", orderType: "TO_GO" });
    await ordersMatch(sub, (n) => n.includes("31"));
    const seqBefore = sub.seq ?? 0;

    const reconnecting = next(sub, "status", (s) => s === "reconnecting");
    await first.stop({ keepData: true });
    await reconnecting;
    expect(sub.orders().map((o) => o.name)).toEqual(["31"]); // kept while away

    const again = await startTestGateway({ dataDir, port });
    const reopened = next(sub, "status", (s) => s === "open");
    try {
      await reopened;
      await createClient({ baseUrl: again.base, token }).upsertOrder({ name: "32", orderType: "TO_GO" });
      await ordersMatch(sub, (n) => n.join() === "31,32");
      expect(sub.seq).toBeGreaterThan(seqBefore); // seq survives the restart
    } finally {
      sub.close();
      await again.stop({ keepData: true });
    }
  });

  it("asks rediscovery for the new address when the gateway moved", async () => {
    const first = await startTestGateway();
    const token = await getToken(first);
    const { dataDir } = first;
    let moved: TestGateway | undefined;
    cleanup.push(async () => {
      await moved?.stop();
    });
    const asked: string[] = [];
    const sub = track(
      nodeSubscribe({
        baseUrl: first.base,
        token,
        backoff: fast,
        rediscoverAfter: 2,
        rediscover: async (current) => {
          asked.push(current);
          return moved?.base;
        },
      }),
    );
    await sub.ready();
    await first.stop({ keepData: true });
    moved = await startTestGateway({ dataDir }); // same gateway, new port: "DHCP moved it"
    const address = await next(sub, "address");
    expect(address).toBe(moved.base);
    await next(sub, "status", (s) => s === "open");
    expect(asked[0]).toBe(first.base);
    await createClient({ baseUrl: moved.base, token }).upsertOrder({ name: "51", orderType: "TO_GO" });
    await ordersMatch(sub, (n) => n.includes("51"));
  });

  it("rejects impossible options with a TypeError", () => {
    expect(() => subscribe({ baseUrl: "http://x", token: "" })).toThrow(TypeError);
    expect(() =>
      subscribe({ baseUrl: "http://x", token: "t", rediscoverAfter: 0, WebSocket: lossyWebSocket(() => false) }),
    ).toThrow(/rediscoverAfter/);
  });
});
