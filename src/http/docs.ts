// The API documents (docs/api.md): the OpenAPI document at /docs/json (swagger-ui at /docs)
// and the WebSocket's AsyncAPI document at /docs/asyncapi.json, both generated from
// src/protocol/schema. Also records every route registered after it, so a test can hold the
// catalogue to what the gateway really serves.
import type { FastifyInstance } from "fastify";
import { lazyApp } from "../http-kit/lazy-app.js";
import { buildAsyncApi } from "../protocol/schema/asyncapi.js";
import { buildOpenApi } from "../protocol/schema/openapi.js";

const registered = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** Every route registered after registerDocs, as "METHOD /path/{param}" (HEAD and the docs left out). */
export function routesOf(app: FastifyInstance): string[] {
  return (registered.get(app) ?? []).map((r) => `${r.method} ${r.url.replace(/:([A-Za-z_]+)/g, "{$1}")}`);
}

export async function registerDocs(app: FastifyInstance, version: string): Promise<void> {
  const asyncapi = JSON.stringify(buildAsyncApi(version));
  // swagger and swagger-ui (with yaml under them) are ~75 ms of start-up: built at the first visit.
  const passOn = lazyApp(async (inner) => {
    const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([
      import("@fastify/swagger"),
      import("@fastify/swagger-ui"),
    ]);
    await inner.register(swagger, { mode: "static", specification: { document: buildOpenApi(version) as never } });
    await inner.register(swaggerUi, { routePrefix: "/docs" });
  });
  app.get("/docs", passOn);
  app.get("/docs/*", passOn);
  app.get("/docs/asyncapi.json", (_req, reply) => reply.type("application/json; charset=utf-8").send(asyncapi));
  const list: Array<{ method: string; url: string }> = [];
  registered.set(app, list);
  app.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) if (method !== "HEAD") list.push({ method, url: r.url });
  });
}
