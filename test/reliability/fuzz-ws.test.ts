// Bad input over WebSocket (issue 9 §2): malformed upgrade requests, generated first frames
// before authentication, and hand-broken frames after it (unmasked, reserved bits, unknown
// opcodes, oversized or lying lengths, invalid UTF-8, broken fragmentation). No 5xx, every
// refusal on /api/v2 is the envelope, and the hub keeps serving the clients that behave.
import { once } from "node:events";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { call, type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { rawExchange, upgradeRequest, wsFrame } from "./raw-http.js";
import { expectErrorEnvelope, findLeak } from "./support.js";

const SEED = Number(process.env.OPENTT_FUZZ_SEED ?? 20261129);

describe("WebSocket fuzzing", () => {
  let t: TestGateway;
  let token: string;
  let watcher: WebSocket;
  let watcherFrames = 0;
  useTestGateway(
    async (g, tok) => {
      t = g;
      token = tok;
      // A well-behaved subscriber that must stay connected through everything below.
      watcher = new WebSocket(`ws://127.0.0.1:${t.gateway.port}/api/v2/websocket`, {
        headers: { authorization: `Bearer ${token}` },
      });
      watcher.on("message", () => watcherFrames++);
      await once(watcher, "message");
    },
    {},
    {},
    { token: "ws-fuzz-holder" },
  );
  afterAll(async () => {
    watcher?.terminate();
  });

  it("refuses malformed upgrades with an envelope, never a 5xx", async () => {
    const port = t.gateway.port;
    const P = "/api/v2/websocket";
    const cases = [
      upgradeRequest(P, { "sec-websocket-key": "" }),
      upgradeRequest(P, { "sec-websocket-key": "not base64!" }),
      upgradeRequest(P, { "sec-websocket-key": "c2hvcnQ=" }),
      upgradeRequest(P, { "sec-websocket-version": "12" }),
      upgradeRequest(P, { "sec-websocket-version": "" }),
      upgradeRequest(P, { upgrade: "h2c" }),
      upgradeRequest(P, { connection: "keep-alive" }),
      upgradeRequest(P, { authorization: "Bearer nope" }),
      upgradeRequest(P, { authorization: `Bearer ${"0".repeat(48)}` }),
      upgradeRequest(P, { authorization: `Basic ${token}` }),
      upgradeRequest(`${P}x`),
      upgradeRequest(`${P}/%zz`),
      upgradeRequest("/api/v2/activeorders"),
      upgradeRequest("/"),
      upgradeRequest(P, { "sec-websocket-extensions": "permessage-deflate; server_max_window_bits=99" }),
      upgradeRequest(P, { "sec-websocket-protocol": "a, a, , ,b" }),
      upgradeRequest(P).replace("GET", "POST"),
    ];
    for (const c of cases) {
      const r = await rawExchange(port, [c]);
      const label = c.split("\r\n").slice(0, 1).join("") + JSON.stringify(c.slice(-80));
      expect(r.status, `${label}: a reply`).toBeDefined();
      expect(r.status as number, label).toBeLessThan(500);
      expect(findLeak(r.body, [token]), label).toBeUndefined();
      if ((r.status as number) >= 400 && c.includes(" /api/v2")) {
        expectErrorEnvelope(r.status as number, JSON.parse(r.body), `${label} → ${r.body}`);
      }
    }
  });

  it("answers generated first frames before authentication with an error frame and a close", async () => {
    const frame = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 80 }),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
      fc.record({ accesstoken: fc.jsonValue() }).map((v) => JSON.stringify(v)),
      fc.stringMatching(/^[0-9a-f]{48}$/).map((s) => JSON.stringify({ accesstoken: s })),
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (data) => {
        const ws = new WebSocket(`ws://127.0.0.1:${t.gateway.port}/api/v2/websocket`);
        await once(ws, "open");
        const messages: string[] = [];
        ws.on("message", (m) => messages.push(m.toString()));
        const closed = once(ws, "close") as Promise<[number, Buffer]>;
        ws.send(data);
        const [code] = await closed;
        expect([4400, 4401], `close code for ${String(data).slice(0, 60)}`).toContain(code);
        expect(messages).toHaveLength(1);
        const env = JSON.parse(messages[0] as string) as Record<string, unknown>;
        expectErrorEnvelope(env.status as number, env, "error frame");
        expect(findLeak(messages[0] as string, [token])).toBeUndefined();
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 60_000);

  it("survives hand-broken frames after authentication", async () => {
    const port = t.gateway.port;
    const hello = upgradeRequest("/api/v2/websocket", { authorization: `Bearer ${token}` });
    const text = (s: string) => Buffer.from(s, "utf8");
    const broken: Array<[string, Buffer]> = [
      ["unmasked text", wsFrame(1, text("hi"), { mask: false })],
      ["reserved bit", wsFrame(1, text("hi"), { rsv: 4 })],
      ["reserved opcode", wsFrame(3, text("hi"))],
      ["control frame > 125 bytes", wsFrame(9, Buffer.alloc(200))],
      ["fragmented ping", wsFrame(9, text("p"), { fin: false })],
      ["continuation without start", wsFrame(0, text("x"))],
      ["invalid UTF-8", wsFrame(1, Buffer.from([0xc3, 0x28, 0xff]))],
      ["close code 999", wsFrame(8, Buffer.from([0x03, 0xe7]))],
      ["close with 1 byte", wsFrame(8, Buffer.from([0x03]))],
      ["length 2^63", wsFrame(1, Buffer.alloc(0), { declaredLength: 2n ** 63n })],
      ["over maxPayload", wsFrame(2, Buffer.alloc(70 * 1024))],
      [
        "new message inside a fragmented one",
        Buffer.concat([wsFrame(1, text("a"), { fin: false }), wsFrame(1, text("b"))]),
      ],
      ["random bytes", Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 131 + 7) % 256))],
    ];
    for (const [label, bytes] of broken) {
      // The upgrade, the snapshot, then the broken frame: the server must close, not crash.
      const r = await rawExchange(port, [hello, bytes], { deadlineMs: 5_000, untilClose: true });
      expect(r.status, label).toBe(101);
      expect(r.closed, `${label}: the server closed the connection`).toBe(true);
    }
    // A flood of valid but meaningless frames from an authenticated client is ignored.
    const chatty = new WebSocket(`ws://127.0.0.1:${port}/api/v2/websocket`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await once(chatty, "message");
    for (let i = 0; i < 500; i++) chatty.send(i % 2 ? Buffer.from([i % 256]) : `{"accesstoken":"${i}"}`);
    chatty.ping();
    await once(chatty, "pong");
    chatty.close();

    // Still serving: REST works and the well-behaved subscriber sees the next change.
    const before = watcherFrames;
    const delta = new Promise<string>((resolve) => watcher.once("message", (m) => resolve(m.toString())));
    const r = await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "77", orderType: "TO_GO" } });
    expect(r.status).toBe(201);
    expect(JSON.parse(await delta)).toMatchObject({ type: "ORDER_CREATED", name: "77" });
    expect(watcherFrames).toBe(before + 1);
    expect(watcher.readyState).toBe(WebSocket.OPEN);
  });
});
