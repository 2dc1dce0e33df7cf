// Tokens over HTTP (spec §9, §0): the button window, generate/list/mint/revoke with every
// error code, the Authorization header rules on secured routes, and no stack trace on a 500.
import { describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
let token: string;

useTestGateway(
  (g, tok) => {
    t = g;
    token = tok;
  },
  {},
  {
    extraRoutes: (app) => {
      app.get("/api/v2/test-crash", () => {
        throw new Error("secret internals at /home/opentt/src/x.ts:12");
      });
    },
  },
  { token: "pos" },
);

const advance = (seconds: number) => api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: seconds } });

describe("GET /api/v2/accesstoken/generate", () => {
  it("is 403 -3 while the window is closed", async () => {
    await advance(121);
    expectError(await api(t.base, "GET", "/api/v2/accesstoken/generate?name=late"), 403, -3);
  });

  it("inside the window is 201/2 with the token once, snake_case, named 'default' by default", async () => {
    await api(t.base, "POST", "/admin/button");
    const r = await api(t.base, "GET", "/api/v2/accesstoken/generate");
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      status: 201,
      returnCode: 2,
      token: {
        name: "default",
        token: expect.stringMatching(/^[0-9a-f]{48}$/),
        creation_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        last_used: null,
        ip_address: null,
      },
    });
  });

  it("serves several devices in one window, and closes 120 s after the press", async () => {
    await api(t.base, "POST", "/sim/button");
    expect((await api(t.base, "GET", "/api/v2/accesstoken/generate?name=kds-1")).status).toBe(201);
    // The simulated clock also runs in real time: leave the calls two seconds of slack.
    await advance(118);
    expect((await api(t.base, "GET", "/api/v2/accesstoken/generate?name=kds-2")).status).toBe(201);
    await advance(2);
    expectError(await api(t.base, "GET", "/api/v2/accesstoken/generate?name=kds-3"), 403, -3);
  });

  it("the same unnamed call again gets a fresh name (default-2, default-3); ?name= still picks one", async () => {
    await api(t.base, "POST", "/admin/button");
    const names: string[] = [];
    for (const q of ["", "", "?name=", "?name=kiosk"]) {
      const r = await api(t.base, "GET", `/api/v2/accesstoken/generate${q}`);
      expect(r.status).toBe(201);
      names.push((r.body.token as { name: string }).name);
    }
    expect(names).toEqual(["default-2", "default-3", "default-4", "kiosk"]);
    // Revoked, a default name is free again, and the lowest free one is used.
    await api(t.base, "DELETE", "/api/v2/accesstoken/default-3", { token });
    const again = await api(t.base, "GET", "/api/v2/accesstoken/generate");
    expect((again.body.token as { name: string }).name).toBe("default-3");
    expectError(await api(t.base, "GET", "/api/v2/accesstoken/generate?name=default"), 409, -4);
  });

  it("a duplicate name is 409 -4; an invalid one 400 -4", async () => {
    await api(t.base, "POST", "/admin/button");
    expectError(await api(t.base, "GET", "/api/v2/accesstoken/generate?name=pos"), 409, -4);
    expectError(await api(t.base, "GET", "/api/v2/accesstoken/generate?name=a%20b"), 400, -4);
  });
});

describe("token list, mint and revoke", () => {
  it("GET /accesstoken lists names, dates, last use and address; never a secret", async () => {
    const r = await api(t.base, "GET", "/api/v2/accesstoken", { token });
    expect(r.body.returnCode).toBe(11);
    const items = r.body.items as Array<Record<string, unknown>>;
    expect(r.body.count).toBe(items.length);
    const pos = items.find((i) => i.name === "pos");
    expect(pos).toEqual({
      name: "pos",
      creation_date: expect.any(String),
      last_used: expect.any(String),
      ip_address: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(JSON.stringify(r.body)).not.toMatch(/[0-9a-f]{48}/);
  });

  it("POST /accesstoken mints a token under a token's authority (201/2); it works at once", async () => {
    const r = await api(t.base, "POST", "/api/v2/accesstoken", { token, body: { name: "tablet" } });
    expect(r.status).toBe(201);
    expect(r.body.returnCode).toBe(2);
    const minted = (r.body.token as { token: string }).token;
    expect((await api(t.base, "GET", "/api/v2/activeorders", { token: minted })).status).toBe(200);
  });

  it("POST /accesstoken: duplicate 409 -4, invalid or missing name 400 -4", async () => {
    expectError(await api(t.base, "POST", "/api/v2/accesstoken", { token, body: { name: "pos" } }), 409, -4);
    expectError(await api(t.base, "POST", "/api/v2/accesstoken", { token, body: { name: "no spaces" } }), 400, -4);
    expectError(await api(t.base, "POST", "/api/v2/accesstoken", { token, body: {} }), 400, -4);
  });

  it("DELETE /accesstoken/{name} is 1001 and the token stops working at once", async () => {
    const minted = (
      (await api(t.base, "POST", "/api/v2/accesstoken", { token, body: { name: "temp" } })).body.token as {
        token: string;
      }
    ).token;
    const r = await api(t.base, "DELETE", "/api/v2/accesstoken/temp", { token });
    expect(r.body).toMatchObject({ status: 200, returnCode: 1001 });
    expectError(await api(t.base, "GET", "/api/v2/activeorders", { token: minted }), 401, -2);
  });

  it("DELETE of a name that does not exist is 400 -4", async () => {
    expectError(await api(t.base, "DELETE", "/api/v2/accesstoken/ghost", { token }), 400, -4);
  });
});

describe("secured routes", () => {
  it("without Authorization: 401 -2", async () => {
    expectError(await api(t.base, "GET", "/api/v2/activeorders"), 401, -2);
  });

  it.each([
    "Basic dXNlcjpwYXNz",
    "Bearer",
    "Bearer abc",
    `Bearer ${"a".repeat(47)}`,
    `Bearer ${"A".repeat(48)}`,
    "a".repeat(48),
  ])("a malformed header %j: 400 -1", async (authorization) => {
    expectError(await api(t.base, "GET", "/api/v2/activeorders", { headers: { authorization } }), 400, -1);
  });

  it("a well-formed unknown token: 401 -2", async () => {
    expectError(await api(t.base, "GET", "/api/v2/activeorders", { token: "f".repeat(48) }), 401, -2);
  });

  it("a server error is 500 -5 with no stack trace", async () => {
    const r = await api(t.base, "GET", "/api/v2/test-crash");
    expectError(r, 500, -5);
    expect(JSON.stringify(r.body)).not.toMatch(/secret internals|\.ts:|at /);
  });
});
