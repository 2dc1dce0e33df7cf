// Bad input over HTTP (issue 9 §2): thousands of generated malformed requests to every route
// (broken and wrong-typed JSON, huge bodies, odd unicode and %-encoded path segments, bad query
// parameters, bad and duplicated headers), hand-broken raw requests and slowloris-style partial
// ones. Zero 5xx, every /api/v2 reply is the contract envelope, nothing leaks, and the gateway
// still serves afterwards. The seed is fixed so a failure replays; OPENTT_FUZZ_SEED picks another.
import http from "node:http";
import net from "node:net";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { mountDashboard } from "../../src/web/serve.js";
import { call, type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { rawExchange } from "./raw-http.js";
import { expectErrorEnvelope, findLeak } from "./support.js";

const SEED = Number(process.env.OPENTT_FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.OPENTT_FUZZ_RUNS ?? 3000);

/** Every route of the gateway; `:p` is where a generated segment goes. */
const ROUTES = [
  "/api/v2",
  "/api/v2/accesstoken/generate",
  "/api/v2/accesstoken",
  "/api/v2/accesstoken/:p",
  "/api/v2/activeorders",
  "/api/v2/activeorders/:p",
  "/api/v2/activeorders/:p/page",
  "/api/v2/activeorders/:p/guest_paging",
  "/api/v2/orders",
  "/api/v2/statistics",
  "/api/v2/register",
  "/api/v2/gateway/settings",
  "/api/v2/trackers",
  "/api/v2/repeaters",
  "/api/v2/repeaters/beginPairing",
  "/api/v2/repeaters/endPairing",
  "/api/v2/websocket",
  "/api/v2/:p",
  "/admin/button",
  "/sim/trackers/:p/start",
  "/sim/trackers/:p/locate",
  "/sim/trackers/:p/clear",
  "/sim/trackers/:p",
  "/sim/button",
  "/sim/clock",
  "/",
  "/docs/json",
  "/:p",
];

const enc = (s: string) => encodeURIComponent(s);
const segment = fc.oneof(
  fc.stringMatching(/^[0-9]{1,12}$/),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.constantFrom("..", ".", "%2e%2e", "%2F", "%00", "%zz", "%", "%c0%af", "%ff%fe", "%E2%80%AE", "-", "a-b", "~"),
  fc.string({ unit: "grapheme", maxLength: 20 }).map(enc),
  fc.string({ unit: "binary-ascii", maxLength: 20 }).map(enc),
  fc
    .string({ unit: fc.constantFrom("%", "2", "5", "f", "/", "?", "#", "ö", "\u{1F600}"), maxLength: 12 })
    .map((s) => s.replace(/[^%2-5f/]/gu, (c) => enc(c))),
  fc.integer({ min: 201, max: 2000 }).map((n) => "9".repeat(n)),
);

const queryValue = fc.oneof(
  fc.constantFrom("-1", "0", "1", "100", "101", "1e3", "0x10", "NaN", "Infinity", "", "true", "null", "[]", "%00"),
  fc.constantFrom("2026-01-01T00:00:00", "2026-13-45T99:99:99", "2026-01-01", "ON_PREMISE", "TO_GO", "on_premise"),
  fc.string({ maxLength: 30 }).map(enc),
);
const queryKey = fc.oneof(
  fc.constantFrom("limit", "offset", "created_after", "created_before", "order_type", "location_name"),
  fc.constantFrom("target_time", "name", "refresh", "a[b]", "__proto__", "constructor", ""),
  fc.string({ maxLength: 10 }).map(enc),
);
const query = fc.oneof(
  fc.constant(""),
  fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 6 })
    .map((kv) => `?${kv.map(([k, v]) => `${k}=${v}`).join("&")}`),
  fc.constantFrom("?", "?&&&=", "?limit=1&limit=2", `?name=${"n".repeat(5000)}`, "?=%zz"),
);

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        name: fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.nat())),
        orderType: fc.oneof(fc.constantFrom("ON_PREMISE", "TO_GO", "ON_PREMISES", "to_go"), fc.jsonValue()),
        locationName: fc.oneof(fc.stringMatching(/^[0-9]{0,12}$/), fc.jsonValue()),
        tracking: fc.jsonValue(),
        http_client: fc.oneof(fc.webUrl(), fc.string(), fc.constantFrom("javascript:alert(1)", "file:///etc/passwd")),
        timeout: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.jsonValue()),
        advanceSeconds: fc.oneof(fc.double(), fc.jsonValue()),
        table: fc.jsonValue(),
        targetTimeDefault: fc.jsonValue(),
        timezone: fc.oneof(fc.string(), fc.constantFrom("Europe/Paris", "+25:00", "../../etc")),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
);
const body = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: jsonish },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
  { weight: 2, arbitrary: jsonish.map((s) => s.slice(0, Math.max(1, s.length - 2))) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "{",
      "[[[[",
      '{"name":',
      "\u0000",
      "{}".padStart(70_000, " "),
      "[".repeat(5000),
      '{"__proto__":{"isAdmin":true},"name":"1","orderType":"TO_GO"}',
      '{"constructor":{"prototype":{"x":1}},"timezone":"UTC"}',
      '{"name":"1","name":"2","orderType":"TO_GO"}',
      "\ufeff{}",
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 64 * 1024 - 8, max: 200_000 }).map((n) => `{"name":"${"1".repeat(n)}"}`) },
);

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
type Headers = Record<string, string | string[]>;

/** fast-check's report, with huge generated bodies cut down to size. */
function shortReport<T>(out: fc.RunDetails<T>): void {
  if (!out.failed) return;
  const example = JSON.stringify(out.counterexample, (_k, v) =>
    typeof v === "string" && v.length > 200 ? `${v.slice(0, 200)}…(${v.length} chars)` : v,
  );
  const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
  throw new Error(`fuzz failed (seed ${out.seed}, path ${out.counterexamplePath}): ${cause}\n${example}`);
}

describe("HTTP fuzzing", () => {
  let t: TestGateway;
  let token: string;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  useTestGateway(
    (g, tok) => {
      t = g;
      token = tok;
    },
    {},
    { extraRoutes: (app) => mountDashboard(app) },
    { token: "fuzz-holder-zq" },
  );
  afterAll(async () => {
    agent.destroy();
  });

  const authHeader = () =>
    fc.oneof(
      fc.constant(undefined),
      fc.constant(`Bearer ${token}`),
      fc.constant(`bearer ${token.toUpperCase()}`),
      fc.constantFrom(
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        `Bearer ${"a".repeat(47)}`,
        `Bearer ${"0".repeat(48)}`,
      ),
      fc.constant([`Bearer ${token}`, `Bearer ${token}`] as string[]),
      printable.map((s) => `Bearer ${s}`),
    );
  const contentType = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "application/json; charset=utf-16",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
      "application/json, text/plain",
    ),
    fc.constant(["application/json", "text/plain"] as string[]),
    printable,
  );

  function send(
    method: string,
    path: string,
    headers: Headers,
    payload?: string,
  ): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: t.gateway.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      });
      // The gateway may answer 413 and close before a huge body is sent; that is fine.
      req.on("error", (e: NodeJS.ErrnoException) =>
        e.code === "ECONNRESET" || e.code === "EPIPE" ? resolve({ status: -1, text: "" }) : reject(e),
      );
      req.end(payload);
    });
  }

  function check(method: string, path: string, status: number, text: string): void {
    const where = `${method} ${path.slice(0, 120)}`;
    expect(status, `${where} answered ${status}: ${text.slice(0, 200)}`).toBeLessThan(500);
    if (status === -1) return;
    const leak = findLeak(text, [token]);
    expect(leak, `${where} leaked ${leak}`).toBeUndefined();
    // The /sim routes answer envelopes too, whose status is the HTTP status (issue 14.13).
    const enveloped = path.startsWith("/api/v2") || path.startsWith("/sim/");
    if (!enveloped || method === "HEAD" || status === 204) return;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error(`${where} answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    if (status >= 400) expectErrorEnvelope(status, parsed, `${where} → ${text.slice(0, 200)}`);
    else {
      expect(parsed.status, where).toBe(status);
      expect(parsed.returnCode as number, where).toBeGreaterThan(0);
    }
  }

  it("answers thousands of generated malformed requests with envelopes and no 5xx", async () => {
    const request = fc.record({
      method: fc.constantFrom("GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD"),
      route: fc.constantFrom(...ROUTES),
      seg: segment,
      extra: fc.constantFrom("", "", "", "/", "//", "/x", "/..", "?", "#frag", ";a=b"),
      upper: fc.boolean(),
      query,
      auth: authHeader(),
      contentType,
      origin: fc.option(fc.constantFrom("http://evil.example", "null", "http://127.0.0.1:1", "file://"), {
        nil: undefined,
      }),
      dupHeader: fc.option(fc.constantFrom("content-length", "origin", "accept", "charset"), { nil: undefined }),
      body,
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let path = r.route.replace(":p", r.seg) + r.extra + r.query;
        if (r.upper && path.startsWith("/api/v2")) path = path.replace("/api/v2", "/API/V2");
        const headers: Headers = { charset: "utf-8" };
        if (r.auth !== undefined) headers.authorization = r.auth;
        if (r.contentType !== undefined) headers["content-type"] = r.contentType;
        if (r.origin !== undefined) headers.origin = r.origin;
        if (r.dupHeader === "accept" || r.dupHeader === "charset") headers[r.dupHeader] = ["*/*", "text/html"];
        if (r.dupHeader === "origin") headers.origin = ["http://127.0.0.1", "http://evil.example"];
        // Node's client misreads a HEAD reply when it sent a body; HEAD carries none here.
        const payload = r.method === "HEAD" ? undefined : r.body;
        if (r.dupHeader === "content-length" && payload !== undefined) {
          const n = String(Buffer.byteLength(payload));
          headers["content-length"] = [n, n];
        }
        const res = await send(r.method, path, headers, payload);
        check(r.method, path, res.status, res.text);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true, reporter: shortReport },
    );
    // Still serving, and still the same gateway with the same token.
    expect((await call(t.base, "GET", "/api/v2/activeorders", { token })).status).toBe(200);
  }, 240_000);

  it("answers hand-broken raw requests without a 5xx and keeps serving", async () => {
    const port = t.gateway.port;
    const auth = `Authorization: Bearer ${token}\r\n`;
    const cases = [
      "GET /api/v2 HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
      "POST /api/v2/activeorders HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}",
      `POST /api/v2/activeorders HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n`,
      `POST /api/v2/activeorders HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      "GET /api/v2 HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n",
      "GET /api/v2 HTTP/1.1\nHost: x\n\n",
      `GET /api/v2 HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
      "GET /api/v2/activeorders/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n",
      Buffer.concat([
        Buffer.from("GET /api/v2/activeorders/"),
        Buffer.from([0xc3, 0x28, 0xf0]),
        Buffer.from(" HTTP/1.1\r\nHost: x\r\n\r\n"),
      ]),
      "GET api/v2 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET * HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET http://evil.example/api/v2 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /api/v2 HTTP/1.0\r\n\r\n",
      "GET /api/v2 HTTP/9.9\r\nHost: x\r\n\r\n",
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
      "BREW /api/v2 HTTP/1.1\r\nHost: x\r\n\r\n",
      `GET /api/v2/activeorders HTTP/1.1\r\nHost: x\r\n${auth}${auth}\r\n`,
      `GET /api/v2/activeorders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\u0085\r\n\r\n`,
      `GET /api/v2/${"a/".repeat(4000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)),
    ];
    for (const c of cases) {
      const r = await rawExchange(port, [c]);
      const label = String(c).slice(0, 60).replace(/\r\n/g, "⏎");
      if (r.status !== undefined) {
        expect(r.status, label).toBeLessThan(500);
        expect(findLeak(r.body, [token]), label).toBeUndefined();
        if (String(c).includes(" /api/v2") && r.body) {
          const b = JSON.parse(r.body) as Record<string, unknown>;
          if (r.status >= 400) expectErrorEnvelope(r.status, b, `${label} → ${r.body}`);
          else expect(b.status, label).toBe(r.status);
        }
      } else expect(r.closed, `${label}: no reply and the connection was left open`).toBe(true);
    }
    expect((await call(t.base, "GET", "/api/v2/activeorders", { token })).status).toBe(200);
  });

  it("keeps serving while slowloris-style clients hold partial requests", async () => {
    const port = t.gateway.port;
    const slow: net.Socket[] = [];
    for (let i = 0; i < 60; i++) {
      const s = net.connect(port, "127.0.0.1");
      s.on("error", () => {});
      s.write(`POST /api/v2/activeorders HTTP/1.1\r\nHost: x\r\nX-Slow-${i}: `);
      slow.push(s);
    }
    try {
      // Others are served while the partial requests hang.
      for (let i = 0; i < 20; i++) {
        for (const s of slow) s.write("a");
        const r = await call(t.base, "GET", "/api/v2/activeorders", { token });
        expect(r.status).toBe(200);
      }
      // A request that arrives in dribbles, header by header and the body in pieces, is answered.
      const body = JSON.stringify({ name: "4242", orderType: "TO_GO" });
      const head = `POST /api/v2/activeorders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
      const pieces = [...head.match(/.{1,7}/gs)!, ...body.match(/.{1,3}/g)!];
      const r = await rawExchange(port, pieces);
      expect(r.status).toBe(201);
      // Half of the slow clients give up mid-request, some after a body shorter than announced.
      for (const s of slow.slice(0, 15)) s.write('1\r\nContent-Length: 40\r\n\r\n{"name":"1"');
      for (const s of slow.slice(0, 30)) s.destroy();
      expect((await call(t.base, "GET", "/api/v2/activeorders/4242", { token })).status).toBe(200);
    } finally {
      for (const s of slow) s.destroy();
    }
  });
});
