// The cloud dashboard [opentt]: one static page at / that asks for the account token, then lists
// the sites with their health and charts them side by side (uPlot, served from node_modules).
// It reads only the public cloud API, so it shows nothing the token could not fetch itself.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { FastifyInstance } from "fastify";
import { DASHBOARD_HTML } from "./dashboard-page.js";

const require = createRequire(import.meta.url);

function asset(spec: string): Buffer | undefined {
  try {
    return readFileSync(require.resolve(spec));
  } catch {
    return undefined;
  }
}

export function mountCloudDashboard(app: FastifyInstance): void {
  // Read once at start: the files are small and never change while the process runs.
  const js = asset("uplot/dist/uPlot.iife.min.js");
  const css = asset("uplot/dist/uPlot.min.css");
  const headers = {
    "content-security-policy":
      "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; connect-src 'self'",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
  };
  app.get("/", (_req, reply) => reply.headers(headers).type("text/html; charset=utf-8").send(DASHBOARD_HTML));
  app.get("/assets/uplot.js", (_req, reply) =>
    js ? reply.type("text/javascript").header("cache-control", "max-age=86400").send(js) : reply.code(404).send(),
  );
  app.get("/assets/uplot.css", (_req, reply) =>
    css ? reply.type("text/css").header("cache-control", "max-age=86400").send(css) : reply.code(404).send(),
  );
}
