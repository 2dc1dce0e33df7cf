// The dashboard's assets as the gateway serves them: index.html revalidated, hashed assets cached
// for a year and sent pre-compressed, security headers on both, and the API untouched.
import { readdirSync } from "node:fs";
import { get as httpGet } from "node:http";
import { describe, expect, it } from "vitest";
import { mountDashboard } from "../../src/web/serve.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

describe("dashboard serving", () => {
  let t: TestGateway;
  useTestGateway(
    (g) => {
      t = g;
    },
    {},
    { extraRoutes: mountDashboard },
    { token: false },
  );

  it("serves index.html at / with no-cache and the security headers", async () => {
    const res = await fetch(`${t.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const html = await res.text();
    expect(html).toMatch(/<script type="module" src="\/assets\/app-[A-Z0-9]+\.js">/);
  });

  it("caches hashed assets for a year and sends them brotli-compressed when asked", async () => {
    const js = readdirSync(new URL("../../web/dist/assets/", import.meta.url)).find((f) => /^app-.*\.js$/.test(f));
    const res = await fetch(`${t.base}/assets/${js}`, { headers: { "accept-encoding": "br" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(await res.text()).toContain("opentt");
    const plain = await fetch(`${t.base}/assets/${js}`, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
  });

  // The dashboard and /docs are served by apps built at their first request (http-kit/lazy-app.ts).
  it("passes on HEAD lengths, revalidation and ranges from the lazily built app", async () => {
    const get = await fetch(`${t.base}/`);
    const body = await get.arrayBuffer();
    const head = await fetch(`${t.base}/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(body.byteLength));
    expect(head.headers.get("content-security-policy")).toContain("default-src 'self'");
    const etag = get.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    // Not fetch(): a conditional fetch adds cache-control: no-cache, which rightly forbids a 304.
    const again = await new Promise<number | undefined>((resolve, reject) =>
      httpGet(`${t.base}/`, { headers: { "if-none-match": etag } }, (res) => resolve(res.resume().statusCode)).on(
        "error",
        reject,
      ),
    );
    expect(again).toBe(304);
    const part = await fetch(`${t.base}/`, { headers: { range: "bytes=0-9", "accept-encoding": "identity" } });
    expect(part.status).toBe(206);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(new Uint8Array(body.slice(0, 10)));
  });

  it("serves swagger-ui and the documents under /docs, and the gateway's 404 for anything else there", async () => {
    const ui = await fetch(`${t.base}/docs/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain("swagger");
    const json = await fetch(`${t.base}/docs/json`);
    expect(((await json.json()) as { openapi: string }).openapi).toMatch(/^3\.1/);
    const missing = await fetch(`${t.base}/docs/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { returnCode: number }).returnCode).toBe(-5);
  });

  it("leaves the API and unknown paths to the gateway", async () => {
    const api = await fetch(`${t.base}/api/v2`);
    expect(((await api.json()) as { returnCode: number }).returnCode).toBe(1);
    const missing = await fetch(`${t.base}/assets/nope.js`);
    expect(missing.status).toBe(404);
  });
});
