// [opentt] FLOORPLAN_CHANGED (issue 18): after a successful PUT /api/v2/floorplan, clients that
// opted in on the upgrade URL (?floorplan=true, with either auth style) get the saved plan; a plain
// v2 client sees no new frame; a refused PUT sends nothing; a bad opt-in value refuses the upgrade.
// The SDK's subscribe({ floorplan: true }) hands the frame to a typed "floorplan" handler.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FloorPlan, FloorplanFrame } from "../../src/protocol/wire.js";
import { subscribe } from "../../src/sdk/node.js";
import { call, getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { connect, refusedUpgrade, type TestClient } from "../helpers/ws-client.js";

let t: TestGateway;
let token: string;
let version = 0;
const table = (number: string) => ({ number, x: 10, y: 10, w: 80, h: 80, shape: "rect", seats: 4, section: null });
const put = (tables: unknown[], v = version) =>
  call(t.base, "PUT", "/api/v2/floorplan", { token, body: { floorplan: { version: v, tables, sections: [] } } });
const PATH = "/api/v2/websocket?floorplan=true";

beforeAll(async () => {
  t = await startTestGateway();
  token = await getToken(t);
});
afterAll(() => t.stop());

async function opened(c: TestClient): Promise<TestClient> {
  expect((await c.next()).type).toBe("ACTIVE_ORDERS");
  return c;
}

describe("FLOORPLAN_CHANGED", () => {
  it("reaches opted-in clients (header and first-frame auth) with the plan as saved", async () => {
    const byHeader = await opened(connect(t.base, { token, path: PATH }));
    const byFrame = connect(t.base, { path: PATH });
    await byFrame.opened;
    byFrame.send({ accesstoken: token });
    await opened(byFrame);

    const r = await put([table("12")]);
    expect(r.status).toBe(200);
    version = (r.body.floorplan as { version: number }).version;
    for (const c of [byHeader, byFrame]) {
      const f = await c.next();
      expect(f).toEqual({
        type: "FLOORPLAN_CHANGED",
        floorplan: r.body.floorplan as FloorPlan,
      } satisfies FloorplanFrame);
      expect(f).not.toHaveProperty("message");
      expect(f).not.toHaveProperty("seq");
      c.close();
    }
  });

  it("is not sent to a plain v2 client, nor for a refused PUT; order events keep their seq", async () => {
    const plain = await opened(connect(t.base, { token }));
    const optedIn = await opened(connect(t.base, { token, path: PATH }));
    expect((await put([table("7")], version - 1)).status).toBe(409);
    expect((await put([table("7")])).status).toBe(200);
    version++;
    await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "5", orderType: "TO_GO" } });
    expect(await optedIn.next()).toMatchObject({ type: "FLOORPLAN_CHANGED", floorplan: { version } });
    expect(await optedIn.next()).toMatchObject({ type: "ORDER_CREATED", name: "5" });
    // The plain client's next frame is the order event: no floor plan frame came before it.
    expect(await plain.next()).toMatchObject({ type: "ORDER_CREATED", name: "5" });
    await plain.barrier();
    expect(plain.frames.map((f) => f.type)).toEqual(["ACTIVE_ORDERS", "ORDER_CREATED"]);
    plain.close();
    optedIn.close();
  });

  it("?floorplan=false is a plain client; any other value refuses the upgrade with 400/-15", async () => {
    const off = await opened(connect(t.base, { token, path: "/api/v2/websocket?floorplan=false" }));
    expect((await put([table("8")])).status).toBe(200);
    version++;
    await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "6", orderType: "TO_GO" } });
    expect(await off.next()).toMatchObject({ type: "ORDER_CREATED", name: "6" });
    off.close();
    const bad = await refusedUpgrade(t.base, { authorization: `Bearer ${token}` }, "/api/v2/websocket?floorplan=yes");
    expect(bad).toEqual({
      status: 400,
      body: { status: 400, returnCode: -15, message: "Invalid boolean: floorplan must be true or false" },
    });
  });

  it("the SDK: subscribe({ floorplan: true }) calls the typed floorplan handler", async () => {
    const sub = subscribe({ baseUrl: t.base, token, floorplan: true });
    try {
      await sub.ready();
      const got = new Promise<FloorplanFrame>((resolve) => sub.on("floorplan", resolve));
      expect((await put([table("9")])).status).toBe(200);
      version++;
      const frame = await got;
      expect(frame.floorplan.version).toBe(version);
      expect(frame.floorplan.tables.map((x) => x.number)).toEqual(["9"]);
    } finally {
      sub.close();
    }
  });
});
