// The button over HTTP (spec §9 [opentt]): POST /admin/button answers only loopback callers
// and refuses a foreign Origin, both 403 -5. Non-loopback callers are played with inject().
import type { FastifyInstance } from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { isLocalOrigin, isLoopback } from "../../src/http/routes/admin.js";
import { buildHttpServer } from "../../src/http/server.js";
import { api, expectError } from "../helpers/contract.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
let app: FastifyInstance;

useTestGateway(
  async (started) => {
    t = started;
    // A second HTTP adapter on the same domain, driven without a socket so the caller's
    // address can be anything.
    app = await buildHttpServer(t.gateway.ctx);
  },
  {},
  {},
  { token: false },
);
afterAll(async () => {
  await app.close();
});

describe("POST /admin/button", () => {
  it("from loopback opens the 120 s window", async () => {
    const r = await api(t.base, "POST", "/admin/button");
    expect(r.status).toBe(200);
    expect(r.body.windowSeconds).toBe(120);
    expect((await api(t.base, "GET", "/api/v2/accesstoken/generate?name=after-button")).status).toBe(201);
  });

  it("accepts an Origin that is this gateway on loopback", async () => {
    const origin = `http://127.0.0.1:${t.gateway.port}`;
    expect((await api(t.base, "POST", "/admin/button", { headers: { origin } })).status).toBe(200);
    const named = `http://localhost:${t.gateway.port}`;
    expect((await api(t.base, "POST", "/admin/button", { headers: { origin: named } })).status).toBe(200);
  });

  it.each(["http://evil.example", "http://127.0.0.1:1", "null", "http://localhost.evil.example:80"])(
    "refuses a foreign Origin %s with 403 -5",
    async (origin) => {
      expectError(await api(t.base, "POST", "/admin/button", { headers: { origin } }), 403, -5);
    },
  );

  it.each(["10.0.0.5", "192.168.1.20", "::ffff:10.0.0.5", "fe80::1"])(
    "refuses a caller at %s with 403 -5",
    async (remoteAddress) => {
      const r = await app.inject({ method: "POST", url: "/admin/button", remoteAddress });
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ status: 403, returnCode: -5, message: expect.any(String) });
    },
  );

  it("the same callers are refused on /sim/button", async () => {
    const r = await app.inject({ method: "POST", url: "/sim/button", remoteAddress: "10.0.0.5" });
    expect(r.statusCode).toBe(403);
    expectError(await api(t.base, "POST", "/sim/button", { headers: { origin: "http://evil.example" } }), 403, -5);
  });
});

describe("the loopback rule", () => {
  it.each(["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"])("%s is loopback", (a) => {
    expect(isLoopback(a)).toBe(true);
  });

  it.each(["10.0.0.1", "::ffff:10.0.0.1", "128.0.0.1", "", undefined, "localhost"])("%j is not", (a) => {
    expect(isLoopback(a)).toBe(false);
  });

  it("an Origin is local only on a loopback host and the same port", () => {
    expect(isLocalOrigin("http://127.0.0.1:8000", 8000)).toBe(true);
    expect(isLocalOrigin("http://[::1]:8000", 8000)).toBe(true);
    expect(isLocalOrigin("http://127.0.0.1:8001", 8000)).toBe(false);
    expect(isLocalOrigin("http://example.com:8000", 8000)).toBe(false);
    expect(isLocalOrigin("not a url", 8000)).toBe(false);
  });
});
