// Drift between server and SDK fails here: openapi-typescript turns the served /docs/json into
// TypeScript, and test/api/types-check/sdk-vs-openapi.ts (committed) must compile against it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { compileCheck } from "../helpers/openapi-types.js";

let t: TestGateway;
let dir: string;

useTestGateway(
  (g) => {
    t = g;
    dir = mkdtempSync(path.join(tmpdir(), "opentt-openapi-types-"));
  },
  {},
  {},
  { token: false },
);
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("the types generated from /docs/json match the SDK's and the protocol's, both ways", async () => {
  const doc = await (await fetch(`${t.base}/docs/json`)).json();
  expect(await compileCheck(doc, dir)).toBe("");
}, 90_000);

it("a drift fails: a field the server renames is a compile error naming it", async () => {
  const doc = (await (await fetch(`${t.base}/docs/json`)).json()) as {
    components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
  };
  const order = doc.components.schemas.ActiveOrder!;
  order.properties.tableName = order.properties.locationName;
  delete order.properties.locationName;
  order.required = order.required.map((k) => (k === "locationName" ? "tableName" : k));
  const out = await compileCheck(doc, dir);
  expect(out).toContain("sdk-vs-openapi.ts");
  expect(out).toMatch(/locationName|tableName/);
}, 90_000);
