// The polled list skips fastify's pipeline (issue 21.2, src/http/lean-read.ts), yet answers the
// same bytes and headers as the routed reply, and every refusal is still fastify's: a missing
// or bad token, another method, a query string all reach the router and its error handler.
import http from "node:http";
import { describe, expect, it } from "vitest";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
let token: string;
/** Requests fastify routed (its onRequest hooks saw them). */
const routed: string[] = [];

useTestGateway(
  async (g, tok) => {
    t = g;
    token = tok;
    for (const name of ["3", "4"]) {
      const r = await fetch(`${t.base}/api/v2/activeorders`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ name, orderType: "TO_GO", locationName: "7" }),
      });
      expect(r.status).toBe(201);
    }
  },
  {},
  {
    extraRoutes: (app) =>
      void app.addHook("onRequest", (req, _r, done) => {
        routed.push(`${req.method} ${req.url}`);
        done();
      }),
  },
);

interface Raw {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

function get(path: string, auth: string | undefined, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers = auth === undefined ? {} : { authorization: auth };
    const req = http.request(`${t.base}${path}`, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
      });
      res.on("end", () => {
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = (res.rawHeaders[i] as string).toLowerCase();
          if (name !== "date") pairs.push([name, res.rawHeaders[i + 1] as string]);
        }
        resolve({ status: res.statusCode ?? 0, headers: pairs, body });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("GET /api/v2/activeorders, lean", () => {
  it("is answered without routing, with the routed reply's status, headers (in order) and bytes", async () => {
    routed.length = 0;
    const lean = await get("/api/v2/activeorders", `Bearer ${token}`);
    expect(routed).toEqual([]);
    // The same list through the router: a trailing slash is the same route to fastify.
    const viaRouter = await get("/api/v2/activeorders/", `Bearer ${token}`);
    expect(routed).toEqual(["GET /api/v2/activeorders/"]);
    expect(lean).toEqual(viaRouter);
    expect(lean.status).toBe(200);
    expect(JSON.parse(lean.body)).toMatchObject({ status: 200, returnCode: 5, count: 2 });
  });

  it("leaves every refusal and every other request to fastify", async () => {
    routed.length = 0;
    const none = await get("/api/v2/activeorders", undefined);
    const bad = await get("/api/v2/activeorders", `Bearer ${"0".repeat(48)}`);
    for (const r of [none, bad]) {
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toMatchObject({ status: 401, returnCode: -2 });
      expect(r.headers).toContainEqual(["access-control-allow-origin", "*"]);
      expect(r.headers).toContainEqual(["x-content-type-options", "nosniff"]);
    }
    const head = await get("/api/v2/activeorders", `Bearer ${token}`, "HEAD");
    expect(head.status).toBe(200);
    const preflight = await get("/api/v2/activeorders", undefined, "OPTIONS");
    // (The CORS hook answers a preflight itself, before the hook that records routing.)
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toContainEqual(["access-control-allow-methods", "GET, POST, PUT, DELETE, OPTIONS"]);
    expect(routed).toEqual(["GET /api/v2/activeorders", "GET /api/v2/activeorders", "HEAD /api/v2/activeorders"]);
  });
});
