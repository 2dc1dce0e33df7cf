// Transport conventions (spec §0, §1, §3): GET /api/v2, 404/405 envelopes, CORS preflight on
// every /api/v2 route, the 64 KiB limit, invalid JSON, the liberal bodyless requests real
// clients send, no stack traces, and the OpenAPI description listing every route.
import { describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { ROUTES } from "../helpers/routes.js";

const concrete = (path: string) => path.replace("{name}", "pos").replace("{id}", "12");

let t: TestGateway;
let token: string;

useTestGateway((g, tok) => {
  t = g;
  token = tok;
});

describe("GET /api/v2", () => {
  it("answers 200/1 with the gateway's public identity and no secret", async () => {
    const r = await api(t.base, "GET", "/api/v2");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      returnCode: 1,
      api: "v2",
      gateway: {
        serial: expect.stringMatching(/^[0-9A-F]{12}$/),
        name: expect.stringMatching(/^Table Tracker /),
        version: expect.any(String),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        timezone: expect.any(String),
        uptime: expect.any(Number),
      },
    });
    expect(JSON.stringify(r.body)).not.toContain(token);
  });
});

describe("unknown routes and methods", () => {
  it("an unknown path is 404 -5", async () => {
    expectError(await api(t.base, "GET", "/api/v2/nope"), 404, -5);
    expectError(await api(t.base, "POST", "/nothing/here"), 404, -5);
  });

  it("a known path with the wrong method is 405 -5", async () => {
    expectError(await api(t.base, "PUT", "/api/v2/activeorders", { token }), 405, -5);
    expectError(await api(t.base, "PATCH", "/api/v2/activeorders/12", { token }), 405, -5);
    expectError(await api(t.base, "POST", "/api/v2/statistics", { token }), 405, -5);
  });

  it("a trailing slash names the same route", async () => {
    const r = await api(t.base, "GET", "/api/v2/activeorders/", { token });
    expect(r.body.returnCode).toBe(5);
  });
});

describe("secured routes", () => {
  const secured = ROUTES.filter(([, path]) => path !== "/api/v2" && path !== "/api/v2/accesstoken/generate");

  it.each(secured)("%s %s without a token is 401 -2", async (method, path) => {
    expectError(await api(t.base, method, concrete(path)), 401, -2);
  });

  it.each(secured)("%s %s with a malformed header is 400 -1, before the body is read", async (method, path) => {
    const headers = { authorization: "Token abc" };
    const raw = method === "GET" ? undefined : "{not json";
    expectError(await api(t.base, method, concrete(path), { headers, raw }), 400, -1);
  });

  it("an empty Authorization header is 400 -1", async () => {
    const res = await fetch(`${t.base}/api/v2/activeorders`, { headers: { authorization: "" } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ returnCode: -1 });
  });
});

describe("CORS", () => {
  it.each(ROUTES)("%s %s answers the preflight", async (method, path) => {
    const res = await fetch(t.base + concrete(path), {
      method: "OPTIONS",
      headers: {
        origin: "http://pos.example",
        "access-control-request-method": method,
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain(method);
    const allowed = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    expect(allowed).toContain("authorization");
    expect(allowed).toContain("content-type");
  });

  it("replies, errors included, carry Access-Control-Allow-Origin: *", async () => {
    for (const r of [
      await api(t.base, "GET", "/api/v2/activeorders", { token }),
      await api(t.base, "GET", "/api/v2/activeorders"),
      await api(t.base, "GET", "/api/v2/missing"),
    ]) {
      expect(r.headers.get("access-control-allow-origin")).toBe("*");
    }
  });
});

describe("bodies", () => {
  it("a body over 64 KiB is 413 -31", async () => {
    const big = { name: "1", orderType: "TO_GO", pad: "x".repeat(64 * 1024) };
    expectError(await api(t.base, "POST", "/api/v2/activeorders", { token, body: big }), 413, -31);
  });

  it("a body just under 64 KiB is read", async () => {
    const body = { name: "64", orderType: "TO_GO", pad: "" };
    body.pad = "x".repeat(64 * 1024 - JSON.stringify(body).length);
    const r = await api(t.base, "POST", "/api/v2/activeorders", { token, body });
    expect(r.status).toBe(201);
  });

  it("invalid JSON is 400 -31", async () => {
    const headers = { "content-type": "application/json" };
    expectError(await api(t.base, "POST", "/api/v2/activeorders", { token, raw: "{name:", headers }), 400, -31);
    expectError(await api(t.base, "POST", "/api/v2/activeorders", { token, raw: "[1,2]", headers }), 400, -31);
  });

  it("GET and DELETE with Content-Type: application/json, a Charset header and no body are fine", async () => {
    const headers = { "content-type": "application/json", charset: "utf-8" };
    expect((await api(t.base, "GET", "/api/v2/activeorders", { token, headers })).status).toBe(200);
    const zero = { ...headers, "content-length": "0" };
    expect((await api(t.base, "GET", "/api/v2/gateway/settings", { token, headers: zero })).status).toBe(200);
    await api(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "77", orderType: "TO_GO" } });
    expect((await api(t.base, "DELETE", "/api/v2/activeorders/77", { token, headers })).status).toBe(200);
    expect((await api(t.base, "DELETE", "/api/v2/activeorders", { token, headers: zero })).status).toBe(200);
  });

  it("a POST whose optional body is empty means no options", async () => {
    const headers = { "content-type": "application/json" };
    const r = await api(t.base, "POST", "/api/v2/repeaters/endPairing", { token, headers, raw: "" });
    expect(r.body.returnCode).toBe(1013);
  });

  it("JSON sent without a Content-Type is still read", async () => {
    const r = await api(t.base, "POST", "/api/v2/activeorders", {
      token,
      raw: JSON.stringify({ name: "78", orderType: "TO_GO" }),
    });
    expect(r.status).toBe(201);
  });
});

describe("the OpenAPI description", () => {
  it("is served under /docs and lists every route, the button's and the simulator's too", async () => {
    const ui = await fetch(`${t.base}/docs`);
    expect(ui.status).toBe(200);
    const res = await fetch(`${t.base}/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const others: Array<[string, string]> = [
      ["POST", "/admin/button"],
      ["POST", "/sim/trackers/{n}/start"],
      ["POST", "/sim/trackers/{n}/locate"],
      ["POST", "/sim/trackers/{n}/clear"],
      ["GET", "/sim/trackers/{n}"],
      ["POST", "/sim/button"],
      ["POST", "/sim/clock"],
    ];
    for (const [method, path] of [...ROUTES, ...others]) {
      expect(doc.paths[path], path).toBeDefined();
      expect(doc.paths[path]?.[method.toLowerCase()], `${method} ${path}`).toBeDefined();
    }
  });
});
