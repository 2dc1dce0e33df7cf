// Active orders over HTTP (spec §1, §2): create (201/3), modify (4), the 1009/1010 no-ops, read
// by name or uuid (6), clear one (7) or all (8), and each input error: -6 -7 -8 -9 -10 -11 -12 -27 -31.
import { beforeEach, describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
let token: string;
const post = (body: unknown) => api(t.base, "POST", "/api/v2/activeorders", { token, body });
const LOCAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

useTestGateway((g, tok) => {
  t = g;
  token = tok;
});
beforeEach(async () => {
  await api(t.base, "DELETE", "/api/v2/activeorders", { token });
});

describe("POST /api/v2/activeorders", () => {
  it("creates an order: 201/3 with the full active order", async () => {
    const r = await post({ name: "12", orderType: "TO_GO" });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      status: 201,
      returnCode: 3,
      activeorder: {
        name: "12",
        uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        orderType: "TO_GO",
        locationName: "",
        state: "started",
        created: expect.stringMatching(LOCAL),
        stateChanged: expect.stringMatching(LOCAL),
        paged: false,
        elapsedTime: 0,
      },
    });
  });

  it("creates an order born located; ON_PREMISES is stored as ON_PREMISE", async () => {
    const r = await post({ name: "13", orderType: "ON_PREMISES", locationName: "4" });
    expect(r.body.activeorder).toMatchObject({ state: "located", locationName: "4", orderType: "ON_PREMISE" });
  });

  it("modifies the active order of that name: 200/4", async () => {
    await post({ name: "14", orderType: "TO_GO" });
    const r = await post({ name: "14", orderType: "ON_PREMISE", locationName: "9" });
    expect(r.status).toBe(200);
    expect(r.body.returnCode).toBe(4);
    expect(r.body.activeorder).toMatchObject({ orderType: "ON_PREMISE", locationName: "9", state: "located" });
  });

  it("a POST that changes nothing is 1009 while started, 1010 when located, with the order", async () => {
    await post({ name: "15", orderType: "TO_GO" });
    const started = await post({ name: "15", orderType: "TO_GO" });
    expect(started.body).toMatchObject({ status: 200, returnCode: 1009, activeorder: { name: "15" } });
    await post({ name: "15", locationName: "3" });
    const located = await post({ name: "15", locationName: "3" });
    expect(located.body).toMatchObject({ status: 200, returnCode: 1010, activeorder: { locationName: "3" } });
  });

  it.each([
    [{ orderType: "TO_GO" }, -8],
    [{ name: "", orderType: "TO_GO" }, -8],
    [{ name: "12a", orderType: "TO_GO" }, -9],
    [{ name: "1234567890", orderType: "TO_GO" }, -9],
    [{ name: "16", orderType: "TO_GO", locationName: "A5" }, -10],
    [{ name: "16" }, -11],
    [{ name: "16", orderType: "DINE_IN" }, -12],
  ])("%j is 400 %i", async (body, code) => {
    expectError(await post(body), 400, code);
  });

  it("a body that is not a JSON object is 400 -31", async () => {
    expectError(await post([{ name: "1" }]), 400, -31);
    expectError(await post("12"), 400, -31);
  });

  it("a refused POST changes nothing", async () => {
    await post({ name: "17", orderType: "TO_GO" });
    expectError(await post({ name: "17", orderType: "TO_GO", locationName: "x" }), 400, -10);
    const r = await api(t.base, "GET", "/api/v2/activeorders/17", { token });
    expect(r.body.activeorder).toMatchObject({ state: "started", locationName: "" });
  });
});

describe("GET /api/v2/activeorders", () => {
  it("lists active orders with count (200/5), oldest first", async () => {
    await post({ name: "21", orderType: "TO_GO" });
    await post({ name: "20", orderType: "TO_GO" });
    const r = await api(t.base, "GET", "/api/v2/activeorders", { token });
    expect(r.body).toMatchObject({ status: 200, returnCode: 5, count: 2 });
    expect((r.body.items as Array<{ name: string }>).map((o) => o.name)).toEqual(["21", "20"]);
  });
});

describe("/api/v2/activeorders/{name or uuid}", () => {
  it("GET by name or uuid is 200/6", async () => {
    const uuid = ((await post({ name: "30", orderType: "TO_GO" })).body.activeorder as { uuid: string }).uuid;
    const byName = await api(t.base, "GET", "/api/v2/activeorders/30", { token });
    expect(byName.body).toMatchObject({ status: 200, returnCode: 6, activeorder: { uuid } });
    const byUuid = await api(t.base, "GET", `/api/v2/activeorders/${uuid.toUpperCase()}`, { token });
    expect(byUuid.body).toMatchObject({ returnCode: 6, activeorder: { name: "30" } });
  });

  it("no such order is 404 -6; a bad id -7; a bad uuid -27", async () => {
    expectError(await api(t.base, "GET", "/api/v2/activeorders/999", { token }), 404, -6);
    expectError(
      await api(t.base, "GET", "/api/v2/activeorders/0f2b8c1e-6f0a-4c2d-9b7e-1a2b3c4d5e6f", { token }),
      404,
      -6,
    );
    expectError(await api(t.base, "GET", "/api/v2/activeorders/abc", { token }), 400, -7);
    expectError(await api(t.base, "GET", "/api/v2/activeorders/12-34", { token }), 400, -27);
    expectError(await api(t.base, "DELETE", "/api/v2/activeorders/abc", { token }), 400, -7);
    expectError(await api(t.base, "DELETE", "/api/v2/activeorders/12-x", { token }), 400, -27);
    expectError(await api(t.base, "DELETE", "/api/v2/activeorders/999", { token }), 404, -6);
  });

  it("DELETE clears one order: 200/7 with state cleared; it leaves the list", async () => {
    await post({ name: "31", orderType: "TO_GO", locationName: "2" });
    const r = await api(t.base, "DELETE", "/api/v2/activeorders/31", { token });
    expect(r.body).toMatchObject({ status: 200, returnCode: 7, activeorder: { name: "31", state: "cleared" } });
    expectError(await api(t.base, "GET", "/api/v2/activeorders/31", { token }), 404, -6);
  });
});

describe("DELETE /api/v2/activeorders", () => {
  it("clears every active order: 200/8 with how many", async () => {
    for (const name of ["40", "41", "42"]) await post({ name, orderType: "TO_GO" });
    const r = await api(t.base, "DELETE", "/api/v2/activeorders", { token });
    expect(r.body).toEqual({ status: 200, returnCode: 8, count: 3 });
    expect((await api(t.base, "GET", "/api/v2/activeorders", { token })).body.count).toBe(0);
  });

  it("with nothing active clears 0", async () => {
    expect((await api(t.base, "DELETE", "/api/v2/activeorders", { token })).body.count).toBe(0);
  });
});
