// Routes answered by a Fastify app that is built at their first request. Plugins a page needs
// (swagger-ui for /docs, @fastify/static for the dashboard) cost start-up time (~140 ms of ~900 on
// the reference box, bench/README.md) that the API's clients waited for at every start; built
// lazily, the first visitor pays it once instead. The inner app's replies are passed on through
// the outer app's reply, so the outer hooks (headers, logging, errors) still apply.
import fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";

// Hop-by-hop and length headers belong to the inner reply, not to the one passed on.
const NOT_PASSED_ON = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "date"]);

/**
 * A route handler answering from an app of its own, which `setUp` registers its plugins on at
 * the first request; a failed set-up is retried at the next one. An inner 404 becomes the outer
 * app's not-found reply, as for any unknown path.
 */
export function lazyApp(setUp: (inner: FastifyInstance) => Promise<void>) {
  let inner: Promise<FastifyInstance> | undefined;
  return async (req: FastifyRequest, reply: FastifyReply) => {
    inner ??= (async () => {
      const app = fastify();
      await setUp(app);
      await app.ready();
      return app;
    })().catch((e: unknown) => {
      inner = undefined;
      throw e;
    });
    // HEAD is asked as GET: Fastify measures the body passed on and sends only the headers.
    const method = req.method === "HEAD" ? "GET" : (req.method as "GET");
    const res = await (await inner).inject({ method, url: req.url, headers: req.headers });
    if (res.statusCode === 404) return reply.callNotFound();
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !NOT_PASSED_ON.has(k)) reply.header(k, v);
    return reply.code(res.statusCode).send(res.rawPayload.length > 0 ? res.rawPayload : undefined);
  };
}
