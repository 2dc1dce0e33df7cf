// WebSocket authentication (spec §4): a bearer header on the upgrade or a first frame within the
// auth timeout; the refusals (401/400 on the upgrade; 4401, 4400, 4408 after it, with an error
// frame first where §4 says) and nothing sent to a client before it authenticates.
import { describe, expect, it } from "vitest";
import { call, type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { connect, refusedUpgrade } from "../helpers/ws-client.js";

let t: TestGateway;
let token: string;

useTestGateway((g, tok) => {
  t = g;
  token = tok;
});

describe("auth by header", () => {
  it("a valid bearer token gets the ACTIVE_ORDERS snapshot at once", async () => {
    const c = connect(t.base, { token });
    expect(await c.next()).toMatchObject({ type: "ACTIVE_ORDERS", seq: expect.any(Number), count: 0, items: [] });
    c.close();
  });

  it("an unknown token: the upgrade is refused with 401 and the error JSON", async () => {
    const r = await refusedUpgrade(t.base, { authorization: `Bearer ${"e".repeat(48)}` });
    expect(r).toEqual({ status: 401, body: { status: 401, returnCode: -2, message: expect.any(String) } });
  });

  it("a malformed header: refused with 400 -1", async () => {
    const r = await refusedUpgrade(t.base, { authorization: "Basic abc" });
    expect(r.body).toMatchObject({ status: 400, returnCode: -1 });
    expect(r.status).toBe(400);
  });

  it("another path: refused with 404 -5", async () => {
    const r = await refusedUpgrade(t.base, { authorization: `Bearer ${token}` }, "/api/v2/nope");
    expect(r).toMatchObject({ status: 404, body: { returnCode: -5 } });
  });
});

describe("auth by first frame", () => {
  it('{"accesstoken": <token>} gets the snapshot', async () => {
    const c = connect(t.base);
    await c.opened;
    c.send({ accesstoken: token });
    expect(await c.next()).toMatchObject({ type: "ACTIVE_ORDERS" });
    c.close();
  });

  it("nothing is sent before auth, even when orders change meanwhile", async () => {
    const c = connect(t.base);
    await c.opened;
    await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "300", orderType: "TO_GO" } });
    // A ping round trip: anything sent before the pong would have arrived by now.
    await c.barrier();
    expect(c.frames).toEqual([]);
    c.send({ accesstoken: token });
    const snap = await c.next();
    expect(snap).toMatchObject({ type: "ACTIVE_ORDERS", items: [expect.objectContaining({ name: "300" })] });
    await c.barrier();
    expect(c.frames).toHaveLength(1);
    c.close();
  });

  it("an unknown token: error frame -2, then close 4401", async () => {
    const c = connect(t.base);
    await c.opened;
    c.send({ accesstoken: "0".repeat(48) });
    expect(await c.next()).toEqual({ status: 401, returnCode: -2, message: expect.any(String) });
    expect((await c.closed).code).toBe(4401);
  });

  it.each([["not json"], ['{"accesstoken": 12}'], ['{"token": "abc"}'], ["[1,2]"], ["null"]])(
    "a frame %j: error frame -31, then close 4400",
    async (frame) => {
      const c = connect(t.base);
      await c.opened;
      c.send(frame);
      expect(await c.next()).toEqual({ status: 400, returnCode: -31, message: expect.any(String) });
      expect((await c.closed).code).toBe(4400);
    },
  );
});

describe("the auth timeout (shortened to 300 ms for the test)", () => {
  let short: TestGateway;
  let shortToken: string;
  useTestGateway(
    (started, issued) => {
      short = started;
      shortToken = issued;
    },
    {},
    { hub: { authTimeoutMs: 300 } },
  );

  it("nothing within the auth timeout: close 4408, with no frame", async () => {
    const c = connect(short.base);
    await c.opened;
    expect((await c.closed).code).toBe(4408);
    expect(c.frames).toEqual([]);
  });

  it("a client authenticated by header is not closed by the auth timeout", async () => {
    const c = connect(short.base, { token: shortToken });
    await c.next();
    // A silent client opened after it is closed by the timeout: the timeout has passed for both.
    const silent = connect(short.base);
    expect((await silent.closed).code).toBe(4408);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    await call(short.base, "POST", "/api/v2/activeorders", {
      token: shortToken,
      body: { name: "301", orderType: "TO_GO" },
    });
    expect(await c.next()).toMatchObject({ type: "ORDER_CREATED", name: "301" });
    c.close();
  });
});

describe("token revocation", () => {
  it("disconnects the token's clients with an error frame and 4401; others stay", async () => {
    const minted = await call(t.base, "POST", "/api/v2/accesstoken", { token, body: { name: "doomed" } });
    const doomed = (minted.body.token as { token: string }).token;
    const byHeader = connect(t.base, { token: doomed });
    await byHeader.next();
    const byFrame = connect(t.base);
    await byFrame.opened;
    byFrame.send({ accesstoken: doomed });
    await byFrame.next();
    const bystander = connect(t.base, { token });
    await bystander.next();

    await call(t.base, "DELETE", "/api/v2/accesstoken/doomed", { token });
    for (const c of [byHeader, byFrame]) {
      expect(await c.next()).toMatchObject({ status: 401, returnCode: -2 });
      expect((await c.closed).code).toBe(4401);
    }
    await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "302", orderType: "TO_GO" } });
    expect(await bystander.next()).toMatchObject({ type: "ORDER_CREATED", name: "302" });
    bystander.close();
  });
});
