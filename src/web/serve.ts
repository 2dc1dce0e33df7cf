// Serves the dashboard's built assets (web/dist, built at install) at /. Hashed asset files are
// cached for a year; index.html is revalidated so a new build shows at once.
import { existsSync, readdirSync, statSync } from "node:fs";
import { sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { lazyApp } from "../http-kit/lazy-app.js";

const DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

export async function mountDashboard(app: FastifyInstance): Promise<void> {
  if (!existsSync(`${DIST}index.html`)) {
    app.get("/", (_req, reply) =>
      reply
        .type("text/html; charset=utf-8")
        .headers(SECURITY_HEADERS)
        .send(
          '<!doctype html><title>opentt</title><p>The dashboard is not built: run <code>npm run build</code>. The API is at <a href="/docs">/docs</a>.</p>',
        ),
    );
    return;
  }
  // @fastify/static (with glob under it) is ~65 ms of start-up: built at the first page asked for.
  // The routes are the build's files, listed here, so any other path stays the gateway's 404.
  const passOn = lazyApp(async (inner) => {
    const { default: fastifyStatic } = await import("@fastify/static");
    await inner.register(fastifyStatic, {
      root: DIST,
      prefix: "/",
      wildcard: false,
      index: ["index.html"],
      // The build writes .br/.gz twins of each asset (scripts/build-web.mjs).
      preCompressed: true,
      setHeaders: (res, path) => {
        for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.header(k, v);
        res.header("cache-control", path.endsWith(".html") ? "no-cache" : "public, max-age=31536000, immutable");
      },
    });
  });
  app.get("/", passOn);
  for (const file of readdirSync(DIST, { recursive: true, encoding: "utf8" }))
    if (statSync(`${DIST}${file}`).isFile()) app.get(`/${file.split(sep).join("/")}`, passOn);
}
