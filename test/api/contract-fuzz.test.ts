// Contract fuzzing from the served document (docs/api.md): for every operation of /docs/json,
// requests built from its schemas, valid (openapi-sampler, fast-check) and deliberately invalid
// (wrong types, missing fields, out-of-range numbers, bad path params, bad JSON, bad tokens).
// Every reply must be JSON, below 500, and valid against the documented schema for its
// status, which pins its returnCode too. Valid requests must reach a success of each operation.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import OpenAPISampler from "openapi-sampler";
import { afterAll, describe, expect, it } from "vitest";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { type ArbitraryOptions, invalid, resolve, type Schema, valid } from "../helpers/schema-arbitrary.js";

const VALID_PER_OP = 45;
const INVALID_PER_OP = 45;
const MAIN_TOKEN = "fuzz-main";
/**
 * Operations whose success needs something the fuzzer has no business creating or knowing: a real
 * cloud; a hook token (its tokens are access tokens, which the ready webhook refuses by design);
 * the floor plan version last read (a PUT over any other is a 409). test/floor/ covers their successes.
 */
const NO_SUCCESS_EXPECTED = new Set(["cloudActivate", "cloudUnbind", "hookReady", "saveFloorplan"]);

interface Operation {
  id: string;
  method: string;
  path: string;
  op: Schema;
}
interface Param {
  name: string;
  in: "path" | "query";
  required?: boolean;
  schema: Schema;
}
interface Request {
  path: string;
  query: [string, string][];
  body?: string;
  auth: "token" | "none" | "malformed" | "unknown";
}

let t: TestGateway;
let cloudStub: Server;
let doc: Schema;
let token: string;
let ops: Operation[];
let ajv: Ajv2020;
const orderIds: string[] = [];

useTestGateway(
  async (started, issued) => {
    t = started;
    token = issued;
    // A cloud that refuses every device code: activation reaches it, and nothing leaves loopback.
    cloudStub = createServer((_req, res) =>
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ status: 400, returnCode: -19, message: "Unknown device code" })),
    );
    await new Promise<void>((r) => cloudStub.listen(0, "127.0.0.1", r));
    for (let i = 1; i <= 20; i++) {
      const r = await send(
        { path: "/api/v2/accesstoken", query: [], body: `{"name":"victim-${i}"}`, auth: "token" },
        "POST",
      );
      expect(r.status).toBe(201);
    }
    doc = (await (await fetch(`${t.base}/docs/json`)).json()) as Schema;
    ajv = new Ajv2020({ strict: false, allErrors: false });
    addFormats.default(ajv);
    ajv.addSchema(doc, "openapi.json");
    ops = Object.entries(doc.paths as Record<string, Record<string, Schema>>).flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => ({
        id: op.operationId as string,
        method: m.toUpperCase(),
        path: p,
        op,
      })),
    );
  },
  {},
  {},
  { token: MAIN_TOKEN, timeout: 60_000 },
);

afterAll(() => {
  cloudStub?.close();
});

/** Active orders bound to trackers the floor has seen, so reads, clears and pages can succeed. */
async function seedOrders(): Promise<void> {
  for (let n = 1; n <= 30; n++) {
    const r = await fetch(`${t.base}/sim/trackers/${n}/start`, { method: "POST" });
    expect(r.status).toBe(200);
  }
  const res = await send({ path: "/api/v2/activeorders", query: [], auth: "token" }, "GET");
  const list = (await res.json()) as { items: Array<{ name: string; uuid: string }> };
  orderIds.splice(0, orderIds.length, ...list.items.flatMap((o) => [o.name, o.uuid]));
}

function send(req: Request, method: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (req.auth === "token") headers.authorization = `Bearer ${token}`;
  if (req.auth === "malformed") headers.authorization = "Basic Zm9vOmJhcg==";
  if (req.auth === "unknown") headers.authorization = `Bearer ${"0".repeat(48)}`;
  if (req.body !== undefined) headers["content-type"] = "application/json";
  const qs = req.query.length ? `?${new URLSearchParams(req.query).toString()}` : "";
  return fetch(`${t.base}${req.path}${qs}`, { method, headers, body: req.body });
}

const pointer = (...parts: string[]) =>
  parts.map((p) => encodeURIComponent(p.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");

function validatorFor(o: Operation, status: number) {
  const id = `openapi.json#/${pointer("paths", o.path, o.method.toLowerCase(), "responses", String(status), "content", "application/json", "schema")}`;
  return ajv.getSchema(id);
}

/** openapi-sampler's URLs (example.com) replaced: the gateway calls them. */
function onLoopback(value: unknown, schema: Schema, uri: string): unknown {
  const props = (resolve(schema, doc).properties ?? {}) as Record<string, Schema>;
  const out = { ...(value as Record<string, unknown>) };
  for (const [k, p] of Object.entries(props)) if (resolve(p, doc).format === "uri" && k in out) out[k] = uri;
  return out;
}

// Path segments sent as they are: broken or unusual percent-encodings. Not dot segments: fetch
// resolves ".." and "%2E%2E" itself, so they never reach the gateway as such.
const RAW_SEGMENTS = ["%zz", "%E0%A4%A", "%00", "%2F", "a%20b"];
class RawSegment {
  constructor(readonly value: string) {}
}

/** A generated value as it would appear in a URL path or query. */
const text = (v: unknown) => (v !== null && typeof v === "object" ? JSON.stringify(v) : String(v));
const segment = (v: unknown) => (v instanceof RawSegment ? v.value : encodeURIComponent(text(v)));

function generators(o: Operation) {
  const opts: ArbitraryOptions = {
    doc,
    uri: fc.nat({ max: 99 }).map((i) => `http://127.0.0.1:${(cloudStub.address() as AddressInfo).port}/hook-${i}`),
  };
  const params = ((o.op.parameters ?? []) as Schema[]).map((p) => ({ ...p, schema: p.schema as Schema }) as Param);
  const pathParams = params.filter((p) => p.in === "path");
  const queryParams = params.filter((p) => p.in === "query");
  const bodySchema = (o.op.requestBody as Schema | undefined)?.content as
    | Record<string, { schema: Schema }>
    | undefined;
  const body = bodySchema?.["application/json"]?.schema;
  const isSim = o.path.startsWith("/sim/trackers");
  const sample = (s: Schema) => OpenAPISampler.sample(s as never, { skipReadOnly: true }, doc as never);

  const pathValue = (p: Param, ok: boolean) => {
    if (!ok) {
      const raw = fc.constantFrom(...RAW_SEGMENTS).map((v) => new RawSegment(v));
      return fc.oneof(invalid(p.schema, opts), fc.constantFrom("-", "12-34", "x".repeat(300)), raw);
    }
    if (p.name === "id") return fc.oneof(fc.constantFrom(...orderIds), valid(p.schema, opts));
    if (p.name === "name") {
      const victims = fc.integer({ min: 1, max: 20 }).map((i) => `victim-${i}`);
      return fc.oneof(
        victims,
        valid(p.schema, opts).filter((n) => n !== MAIN_TOKEN),
      );
    }
    if (isSim) return fc.oneof(fc.integer({ min: 1, max: 30 }).map(String), valid(p.schema, opts));
    return fc.oneof(fc.constant(sample(p.schema)), valid(p.schema, opts));
  };
  const request = (ok: boolean): fc.Arbitrary<Request> => {
    const path = fc
      .tuple(...pathParams.map((p) => pathValue(p, ok)))
      .map((vals) => pathParams.reduce((acc, p, i) => acc.replace(`{${p.name}}`, segment(vals[i])), o.path));
    const query = fc
      .tuple(
        ...queryParams.map((p) => {
          const value = ok ? valid(p.schema, opts) : fc.oneof(valid(p.schema, opts), invalid(p.schema, opts));
          // A required parameter is left out only by invalid requests.
          return p.required && ok ? value : fc.option(value, { nil: undefined, freq: 2 });
        }),
      )
      .map((vals) =>
        vals.flatMap((v, i) => (v === undefined ? [] : [[String(queryParams[i]?.name), text(v)] as [string, string]])),
      );
    const bodies: fc.Arbitrary<string | undefined> = body
      ? ok
        ? fc.oneof(
            opts.uri.map((uri) => JSON.stringify(onLoopback(sample(body), body, uri))),
            valid(body, opts).map((v) => JSON.stringify(v)),
          )
        : fc.oneof(
            invalid(body, opts).map((v) => JSON.stringify(v)),
            fc.constantFrom("{", "[1,2", '"text"', "null", "42", '{"a":}'),
          )
      : ok
        ? fc.constant(undefined)
        : fc.constantFrom(undefined, "{", "[]", "{}");
    const auth = ok ? fc.constant("token" as const) : fc.constantFrom("token", "token", "none", "malformed", "unknown");
    return fc.record({ path, query, body: bodies, auth }).map((r) => ({
      ...r,
      body: o.method === "GET" ? undefined : r.body,
    }));
  };
  return { valid: request(true), invalid: request(false) };
}

describe("contract fuzzing from /docs/json", () => {
  it("answers every generated request with a documented reply, never 5xx", async () => {
    // One example per operation and kind of failure, so the report stays readable.
    const failures = new Map<string, string>();
    const fail = (o: Operation, kind: string, where: string) => failures.set(`${o.id} ${kind}`, where);
    const successes = new Map<string, number>();
    let total = 0;
    for (const o of ops) {
      if (o.path.includes("{id}")) await seedOrders();
      const g = generators(o);
      const batch = [
        ...fc.sample(g.valid, { numRuns: VALID_PER_OP, seed: 15 }).map((r) => ({ r, ok: true })),
        ...fc.sample(g.invalid, { numRuns: INVALID_PER_OP, seed: 16 }).map((r) => ({ r, ok: false })),
      ];
      // Four requests in flight at a time, as a few POS terminals would send them.
      const check = async ({ r, ok }: (typeof batch)[number]) => {
        total++;
        const res = await send(r, o.method);
        const text = await res.text();
        const where = `${o.method} ${r.path}${r.query.length ? `?${new URLSearchParams(r.query)}` : ""} ${r.body ?? ""} → ${res.status} ${text.slice(0, 300)}`;
        // [opentt] A success documented in another media type (GET /orders?format=csv) is not JSON.
        const media = res.headers.get("content-type")?.split(";")[0] ?? "";
        const documented = (o.op.responses as Record<string, { content?: Record<string, unknown> }>)[
          String(res.status)
        ];
        if (media !== "application/json" && res.status < 300 && documented?.content?.[media]) {
          if (ok) successes.set(o.id, (successes.get(o.id) ?? 0) + 1);
          return;
        }
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return fail(o, "not JSON", where);
        }
        if (res.status >= 500) fail(o, "5xx", where);
        const validate = validatorFor(o, res.status);
        if (!validate) return fail(o, `undocumented status ${res.status}`, where);
        if (!validate(json)) fail(o, `off schema ${res.status}`, `${ajv.errorsText(validate.errors)}: ${where}`);
        if (ok && res.status < 300) successes.set(o.id, (successes.get(o.id) ?? 0) + 1);
      };
      for (let i = 0; i < batch.length; i += 4) await Promise.all(batch.slice(i, i + 4).map(check));
      // A revoked or re-pressed window must not end the run: restore what the fuzzer relies on.
      t.gateway.ctx.pressButton("fuzz");
    }
    expect([...failures].map(([k, v]) => `${k}: ${v.slice(0, 400)}`)).toEqual([]);
    expect(total).toBeGreaterThan(3000);
    const neverSucceeded = ops.map((o) => o.id).filter((id) => !successes.has(id) && !NO_SUCCESS_EXPECTED.has(id));
    expect(neverSucceeded).toEqual([]);
  }, 120_000);

  it("documents a reply schema for every status of every operation", () => {
    for (const o of ops) {
      for (const status of Object.keys(o.op.responses as Schema)) {
        expect(validatorFor(o, Number(status)), `${o.id} ${status}`).toBeDefined();
      }
      expect(resolve(o.op, doc)).toBeDefined();
    }
  });
});
