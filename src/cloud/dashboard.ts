// The cloud dashboard [opentt]: one static page at / that asks for the account token, then lists
// the sites with their health and charts them side by side (uPlot, served from node_modules).
// It reads only the public cloud API, so it shows nothing the token could not fetch itself. Its
// look is the gateway dashboard's own stylesheet (web/src/styles/theme.css and base.css), served
// as /assets/theme.css, so the two share one theme.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { FastifyInstance } from "fastify";
import { DASHBOARD_HTML } from "./dashboard-page.js";

const require = createRequire(import.meta.url);
/** The gateway dashboard's styles: from src/cloud and from dist/cloud alike, two levels up. */
const WEB_STYLES = new URL("../../web/src/styles/", import.meta.url);
/** The shared theme: the colours and type, then the controls (buttons, inputs). */
const THEME_FILES = ["theme.css", "base.css"];

function asset(file: string | URL): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function moduleAsset(spec: string): Buffer | undefined {
  try {
    return asset(require.resolve(spec));
  } catch {
    return undefined;
  }
}

/** The theme as served; undefined when the web sources are not installed next to the cloud. */
function themeCss(): Buffer | undefined {
  const parts = THEME_FILES.map((f) => asset(new URL(f, WEB_STYLES)));
  return parts.every((p) => p !== undefined) ? Buffer.concat(parts.flatMap((p) => [p, Buffer.from("\n")])) : undefined;
}

export function mountCloudDashboard(app: FastifyInstance): void {
  // Read once at start: the files are small and never change while the process runs.
  const js = moduleAsset("uplot/dist/uPlot.iife.min.js");
  const css = moduleAsset("uplot/dist/uPlot.min.css");
  const theme = themeCss();
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
  app.get("/assets/theme.css", (_req, reply) =>
    theme ? reply.type("text/css").header("cache-control", "max-age=3600").send(theme) : reply.code(404).send(),
  );
}
