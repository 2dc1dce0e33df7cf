// The served API documents (docs/api.md): the OpenAPI document covers exactly the routes the
// gateway registers and passes spectral (oas) and redocly (recommended) with the committed
// rulesets; the AsyncAPI document parses with 0 errors without touching the network.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Parser } from "@asyncapi/parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";
import { routesOf } from "../../src/http/docs.js";
import { buildHttpServer } from "../../src/http/server.js";
import { call, getToken, type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { connect } from "../helpers/ws-client.js";

// Redocly's anonymous telemetry and update check would reach for the network.
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
const exec = promisify(execFile);
/** A CLI's whole output, whatever its exit code, so a failed lint shows its findings. */
async function run(file: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await exec(file, args, { env });
    return `${stdout}${stderr}`;
  } catch (e) {
    const { stdout = "", stderr = "" } = e as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}`;
  }
}
const bin = (name: string) => path.resolve("node_modules/.bin", name);

let t: TestGateway;
let dir: string;
let openapi: { paths: Record<string, Record<string, unknown>> };
const docFile = () => path.join(dir, "openapi.json");

useTestGateway(
  async (g) => {
    t = g;
    dir = mkdtempSync(path.join(tmpdir(), "opentt-openapi-"));
    const res = await fetch(`${t.base}/docs/json`);
    expect(res.status).toBe(200);
    openapi = (await res.json()) as typeof openapi;
    writeFileSync(docFile(), JSON.stringify(openapi, null, 2));
  },
  {},
  {},
  { token: false },
);
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("OpenAPI document at /docs/json", () => {
  it("is OpenAPI 3.1 and documents exactly the routes the gateway serves", async () => {
    expect((openapi as unknown as { openapi: string }).openapi).toBe("3.1.0");
    const app = await buildHttpServer(t.gateway.ctx);
    await app.ready();
    const served = routesOf(app)
      .filter((r) => !r.includes(" /docs"))
      .sort();
    await app.close();
    const documented = Object.entries(openapi.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(served.length).toBeGreaterThan(30);
    expect(documented).toEqual(served);
  });

  it("passes spectral's oas ruleset (.spectral.yaml), warnings and hints included", async () => {
    const out = await run(bin("spectral"), ["lint", docFile(), "--ruleset", ".spectral.yaml", "-F", "hint"]);
    expect(out).toContain("No results with a severity of 'hint' or higher found");
  }, 60_000);

  it("passes redocly lint (redocly.yaml) with no error or warning", async () => {
    const out = await run(bin("redocly"), ["lint", docFile(), "--config", "redocly.yaml"]);
    expect(out).toContain("Your API description is valid");
    expect(out).not.toMatch(/\d+ warnings?\b/);
  }, 60_000);

  it("keeps swagger-ui at /docs", async () => {
    const res = await fetch(`${t.base}/docs/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("swagger");
  });
});

describe("AsyncAPI document at /docs/asyncapi.json", () => {
  it("parses with @asyncapi/parser with 0 errors and 0 warnings, offline", async () => {
    const res = await fetch(`${t.base}/docs/asyncapi.json`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const doc = JSON.parse(text) as { asyncapi: string; channels: { orders: Record<string, unknown> } };
    expect(doc.asyncapi).toMatch(/^3\./);
    expect(doc.channels.orders["x-close-codes"]).toMatchObject({ 4401: expect.any(String), 1013: expect.any(String) });
    // Any attempt to fetch a schema over the network fails the parse.
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = ((url: string) => {
      fetched.push(String(url));
      throw new Error("no network");
    }) as typeof fetch;
    try {
      const { document, diagnostics } = await new Parser().parse(text);
      const problems = diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message}`);
      expect(problems).toEqual([]);
      expect(document).toBeDefined();
      expect(document?.messages().length).toBe(5);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(fetched).toEqual([]);
  });

  it("describes the frames a real client receives: snapshot, events, error frame and close code", async () => {
    const doc = (await (await fetch(`${t.base}/docs/asyncapi.json`)).json()) as {
      channels: { orders: { "x-close-codes": Record<string, string> } };
    };
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema(doc, "asyncapi.json");
    const check = (message: string, frame: unknown) => {
      const validate = ajv.getSchema(`asyncapi.json#/components/messages/${message}/payload`);
      expect(validate?.(frame), `${message}: ${ajv.errorsText(validate?.errors)} in ${JSON.stringify(frame)}`).toBe(
        true,
      );
    };
    const token = await getToken(t, "asyncapi");
    const ok = connect(t.base);
    await ok.opened;
    check("accessToken", { accesstoken: token });
    ok.send({ accesstoken: token });
    check("snapshot", await ok.next());
    await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "77", orderType: "TO_GO" } });
    await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "77", locationName: "5" } });
    await call(t.base, "DELETE", "/api/v2/activeorders/77", { token });
    for (let i = 0; i < 3; i++) check("orderEvent", await ok.next());
    ok.close();

    const floor = connect(t.base, { token, path: "/api/v2/websocket?floorplan=true" });
    await floor.next();
    const plan = await call(t.base, "GET", "/api/v2/floorplan", { token });
    const version = (plan.body.floorplan as { version: number }).version;
    const table = { number: "3", x: 0, y: 0, w: 50, h: 50, shape: "round", seats: 2, section: null };
    await call(t.base, "PUT", "/api/v2/floorplan", { token, body: { floorplan: { version, tables: [table] } } });
    check("floorplanChanged", await floor.next());
    floor.close();

    const bad = connect(t.base);
    await bad.opened;
    bad.send({ accesstoken: "f".repeat(48) });
    check("error", await bad.next());
    const { code } = await bad.closed;
    expect(Object.keys(doc.channels.orders["x-close-codes"])).toContain(String(code));
  });
});
