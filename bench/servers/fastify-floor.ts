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

/**
 * The write floor: the three requests of a write cycle answered by a bare fastify server that
 * parses each JSON body and replies with opentt's own reply bytes, storing nothing. It is the
 * ceiling any fastify-based API can reach for a cycle on this machine.
 */
export const bareFastifyWrites: Starter = async (opts) => {
  const path = String(opts.path);
  const [created, located, cleared] = (opts.replies as string[]).map((r) => JSON.parse(r) as unknown);
  const app = Fastify({ keepAliveTimeout: KEEP_ALIVE_MS });
  // The load sends `content-type: application/json` on the body-less DELETE too, as clients do;
  // fastify's own parser refuses that, the gateway accepts it.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, body === "" ? {} : JSON.parse(String(body)));
    } catch (e) {
      done(e as Error);
    }
  });
  app.post(path, (req, reply) => {
    const body = req.body as { locationName?: string };
    if (body.locationName === undefined) reply.code(201).send(created);
    else reply.send(located);
  });
  app.delete(`${path}/:name`, (_req, reply) => reply.send(cleared));
  await app.listen({ host: LOOPBACK, port: 0 });
  return { info: { port: (app.server.address() as AddressInfo).port }, commands: {}, stop: () => app.close() };
};
