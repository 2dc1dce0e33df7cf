// Serves the dashboard's built assets (web/dist, built at install) at /. Hashed asset files are
// cached for a year; index.html is revalidated so a new build shows at once.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

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
  await app.register(fastifyStatic, {
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
}
