// GET /api/v2/activeorders answers from a kept reply (src/http/active-orders-body.ts). Over
// HTTP, after random orders, clears, POST /sim/clock jumps, ticks of the real time under the
// simulated clock and timezone changes, its bytes must be those of the list serialised afresh,
// and its headers those of every other JSON reply, in the same order. The real time is held
// still by the test, so nothing here races the wall clock.
import http from "node:http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { envelope } from "../../src/http/reply.js";
import { toActiveOrder } from "../../src/protocol/order.js";
import { api } from "../helpers/contract.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
let token: string;
let wall = Date.UTC(2026, 2, 29, 0, 30, 0, 250); // a night when Europe/Berlin moves its clocks

useTestGateway(
  (g, tok) => {
    t = g;
    token = tok;
  },
  {},
  { wallClock: () => wall },
);

interface Raw {
  status: number;
  /** Header names in the order they were sent, without the connection's own. */
  names: string[];
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(path: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${t.base}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const names = res.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
        resolve({
          status: res.statusCode ?? 0,
          names: names.filter((n) => !["date", "connection", "keep-alive"].includes(n)),
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
      });
    });
    req.on("error", reject);
  });
}

function fresh(): string {
  const { ctx } = t.gateway;
  const now = ctx.clock.now();
  const items = ctx.orders.list().map((o) => toActiveOrder(o, now, ctx.settings.zone));
  return JSON.stringify(envelope("ACTIVE_ORDERS", { count: items.length, items }));
}

type Step =
  | { op: "create"; name: string; table?: string }
  | { op: "clear"; name: string }
  | { op: "clearAll" }
  | { op: "jump"; seconds: number }
  | { op: "tick"; ms: number }
  | { op: "zone"; zone: string };

const name = fc.integer({ min: 1, max: 8 }).map(String);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant("create"), name, table: fc.option(name, { nil: undefined }) }),
  fc.record({ op: fc.constant("clear"), name }),
  fc.constant({ op: "clearAll" as const }),
  // Whole and fractional seconds; at most 20 jumps of 30 min stay clear of automatic clearing.
  fc.record({ op: fc.constant("jump"), seconds: fc.constantFrom(0, 0.001, 0.5, 0.999, 1, 59, 1800) }),
  fc.record({ op: fc.constant("tick"), ms: fc.oneof(fc.integer({ min: 1, max: 1500 }), fc.constantFrom(999, 1000)) }),
  fc.record({ op: fc.constant("zone"), zone: fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "+05:30") }),
);

async function apply(s: Step): Promise<void> {
  const path = "/api/v2/activeorders";
  switch (s.op) {
    case "create":
      await api(t.base, "POST", path, { token, body: { name: s.name, orderType: "TO_GO", locationName: s.table } });
      return;
    case "clear":
      await fetch(`${t.base}${path}/${s.name}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
      return;
    case "clearAll":
      await api(t.base, "DELETE", path, { token });
      return;
    case "jump":
      await api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: s.seconds } });
      return;
    case "tick":
      wall += s.ms;
      return;
    case "zone":
      await api(t.base, "POST", "/api/v2/gateway/settings", { token, body: { timezone: s.zone } });
      return;
  }
}

describe("GET /api/v2/activeorders from the kept reply", () => {
  it("is byte-identical to the list serialised afresh, after any sequence of changes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 20 }), async (steps) => {
        await api(t.base, "DELETE", "/api/v2/activeorders", { token });
        for (const s of steps) {
          await apply(s);
          const r = await get("/api/v2/activeorders");
          expect(r.status).toBe(200);
          expect(r.body).toBe(fresh());
        }
      }),
      { numRuns: 15 },
    );
  });

  it("sends the same headers, in the same order, as a reply serialised per request", async () => {
    await api(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "42", orderType: "TO_GO" } });
    const list = await get("/api/v2/activeorders");
    const one = await get("/api/v2/activeorders/42");
    expect(list.names).toEqual(one.names);
    expect(list.names).toEqual([
      "access-control-allow-origin",
      "content-type",
      "x-content-type-options",
      "content-length",
    ]);
    expect(list.headers["content-type"]).toBe(one.headers["content-type"]);
    expect(Number(list.headers["content-length"])).toBe(Buffer.byteLength(list.body));
  });
});
