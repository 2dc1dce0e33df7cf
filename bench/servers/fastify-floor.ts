// A reference, not a target baseline: the cost of fastify itself.
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { KEEP_ALIVE_MS, LOOPBACK, type Starter } from "./net.js";

/**
 * The framework floor: a bare fastify route that serialises the same object on every request
 * (no hooks, no auth), to show how much of the gap to node:http is fastify itself.
 */
export const bareFastify: Starter = async (opts) => {
  const data = JSON.parse(String(opts.body)) as unknown;
  const app = Fastify({ keepAliveTimeout: KEEP_ALIVE_MS });
  app.get(String(opts.path), (_req, reply) => reply.send(data));
  await app.listen({ host: LOOPBACK, port: 0 });
  return { info: { port: (app.server.address() as AddressInfo).port }, commands: {}, stop: () => app.close() };
};
