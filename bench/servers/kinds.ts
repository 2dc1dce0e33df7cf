// The servers a benchmark measures, side by side: the real gateway and the bare baselines that
// answer or broadcast the same bytes. Each runs in its own process for the real runs (see
// ../lib/host.ts) or in-process for the CI smoke test; a kind's module is loaded only when
// that kind starts, so a bare baseline's process holds nothing but its own code.
import type { Hosted, Starter } from "./net.js";

export type { Hosted } from "./net.js";
export type ServerKind = "gateway" | "bare-http" | "bare-fastify" | "bare-fastify-writes" | "bare-ws" | "raw-sqlite";

const loaders: Record<ServerKind, () => Promise<Starter>> = {
  gateway: async () => (await import("./gateway-server.js")).gateway,
  "bare-http": async () => (await import("./bare.js")).bareHttp,
  "bare-fastify": async () => (await import("./fastify-floor.js")).bareFastify,
  "bare-fastify-writes": async () => (await import("./fastify-floor.js")).bareFastifyWrites,
  "bare-ws": async () => (await import("./bare.js")).bareWs,
  "raw-sqlite": async () => (await import("./raw-sqlite.js")).rawSqlite,
};

export const SERVER_KINDS = Object.keys(loaders) as ServerKind[];

export async function startKind(kind: ServerKind, opts: Record<string, unknown>): Promise<Hosted> {
  const load = loaders[kind];
  if (!load) throw new TypeError(`unknown server kind ${kind}; one of ${SERVER_KINDS.join(", ")}`);
  return (await load())(opts);
}
