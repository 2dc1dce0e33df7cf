// The HTTP adapter: fastify with the contract's conventions (spec §0) applied once for every
// route: liberal JSON parsing, the 64 KiB limit, CORS on /api/v2, token checks, 404/405
// envelopes and the error handler. Routes themselves live in ./routes and stay thin.
import http from "node:http";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
  LogController,
} from "fastify";
import type { AppContext } from "../context.js";
import { clientErrorHandler, errorHandler, sendError, toTrackerError } from "../http-kit/errors.js";
import { useLiberalJson } from "../http-kit/json.js";
import { TrackerError } from "../protocol/tracker-error.js";
import { registerDocs } from "./docs.js";
import { CORS_ORIGIN, leanActiveOrders, NOSNIFF } from "./lean-read.js";
import { routePatterns } from "./router.js";
import { registerAdminRoutes } from "./routes/admin.js";
import { registerCloudRoutes } from "./routes/cloud.js";
import { registerFloorRoutes } from "./routes/floor.js";
import { registerHistoryRoutes } from "./routes/history.js";
import { registerInfoRoutes } from "./routes/info.js";
import { registerInventoryRoutes } from "./routes/inventory.js";
import { registerOrderRoutes } from "./routes/orders.js";
import { registerRadioRoutes } from "./routes/radio.js";
import { registerSettingsRoutes } from "./routes/settings.js";
import { registerSimRoutes } from "./routes/sim.js";
import { registerTokenRoutes } from "./routes/tokens.js";
import { registerWebhookRoutes } from "./routes/webhooks.js";

const BODY_LIMIT = 64 * 1024;

export interface HttpOptions {
  /** Extra routes mounted by other adapters (the dashboard). */
  extraRoutes?: (app: FastifyInstance) => void | Promise<void>;
  /** Slow-request protection (tests shorten it). */
  timeouts?: HttpTimeouts;
}

export interface HttpTimeouts {
  /** A request (headers and body) must arrive whole within this. */
  requestMs?: number;
  /** How often Node looks for requests over their time. */
  checkEveryMs?: number;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
  "access-control-allow-headers": "Authorization, Content-Type, Charset, Accept",
  "access-control-max-age": "600",
};

/** Idle keep-alive connections stay open this long (see keepAliveTimeout below). */
const KEEP_ALIVE_MS = 65_000;
/**
 * Slowloris-style clients must not hold a connection forever. Node runs this clock only until the
 * request is parsed, not while the reply streams, and no idle-socket timeout is set (setTimeout(0)
 * below): a long CSV export to a slow reader is not cut (test/floor/history-csv.test.ts).
 */
const REQUEST_TIMEOUT_MS = 30_000;

export async function buildHttpServer(ctx: AppContext, opts: HttpOptions = {}): Promise<FastifyInstance> {
  const lean = leanActiveOrders(ctx);
  const app = Fastify({
    // The polled list is answered before fastify's pipeline (lean-read.ts); everything else, and
    // every refusal, goes to fastify. With a serverFactory fastify leaves the timeouts to us.
    serverFactory: (handler) => {
      const server = http.createServer({ connectionsCheckingInterval: opts.timeouts?.checkEveryMs }, (req, res) => {
        if (!lean(req, res)) handler(req, res);
      });
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      server.requestTimeout = opts.timeouts?.requestMs ?? REQUEST_TIMEOUT_MS;
      server.setTimeout(0);
      return server;
    },
    // Fastify's own per-request and listen lines are noise here; warnings and errors still log.
    // Raise the level to warn, never lower it: a gateway run with --log-level error/silent stays quiet.
    loggerInstance: ctx.logger.child(
      { component: "http" },
      { level: ctx.logger.levelVal > 40 ? ctx.logger.level : "warn" },
    ) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger (a pino child per request showed in the REST read profile,
    // issue 21): the two lines a request may log (errors.ts) carry its method and URL instead.
    childLoggerFactory: (logger) => logger,
    bodyLimit: BODY_LIMIT,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionTimeout: 0,
    // Longer than the idle timeout of common clients (undici 4 s, browsers and POS HTTP stacks up
    // to a minute): a server closing an idle connection just as a client reuses it resets that
    // request (seen twice in 89,000 requests of the 10-minute soak with 5 s).
    keepAliveTimeout: KEEP_ALIVE_MS,
    // A request that reaches us while we close (pipelined behind one in flight) is served in
    // full with `Connection: close`: the store closes only after the HTTP server has. Fastify's
    // own 503 for it would not be the contract's envelope.
    return503OnClosing: false,
    clientErrorHandler,
    forceCloseConnections: "idle",
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    // The route catalogue (src/protocol/schema) documents the API at /docs; the contract's own
    // rules, with their exact return codes, do the validating. Given here, not with
    // setValidatorCompiler, so fastify never loads ajv and fast-json-stringify: ~13% of the
    // gateway's start-up CPU (bench #5).
    // (fastify types the validator as ajv's; a function answering true is all it calls.)
    schemaController: {
      compilersFactory: {
        buildValidator: () => () => () => true,
        buildSerializer: () => () => (data: unknown) => JSON.stringify(data),
      },
    } as unknown as FastifyServerOptions["schemaController"],
    // Errors raised before routing (an undecodable URL, a bad Content-Type) get the envelope too.
    frameworkErrors: (error, _req, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      const te =
        error.code === "FST_ERR_BAD_URL" || error.code === "FST_ERR_ASYNC_CONSTRAINT"
          ? new TrackerError("NOT_FOUND", "Malformed URL: check its percent-encoding")
          : (toTrackerError(error) ?? new TrackerError("INVALID_JSON", "Invalid request"));
      sendError(reply.header("access-control-allow-origin", "*"), te);
    },
  });

  app.setErrorHandler(errorHandler);

  useLiberalJson(app);

  // The hooks that run on every request take callbacks: an async hook costs a promise and a
  // microtask turn per request, which showed in the REST read profile (issue 8).
  app.addHook("onRequest", (req, reply, done) => {
    if (!req.url.startsWith("/api/v2") && !req.url.startsWith("/sim")) return done();
    reply.header(...CORS_ORIGIN);
    // A preflight is answered here; a callback hook that replies does not call done.
    if (req.method === "OPTIONS") return void reply.code(204).headers(CORS_HEADERS).send();
    done();
  });

  app.addHook("onSend", (_req, reply, payload, done) => {
    reply.header(...NOSNIFF);
    done(null, payload);
  });

  await registerDocs(app, ctx.identity.version);

  registerInfoRoutes(app, ctx);
  registerTokenRoutes(app, ctx);
  registerOrderRoutes(app, ctx);
  registerFloorRoutes(app, ctx);
  registerHistoryRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  registerInventoryRoutes(app, ctx);
  registerRadioRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerCloudRoutes(app, ctx);
  if (ctx.sim) registerSimRoutes(app, ctx);
  await opts.extraRoutes?.(app);

  const known = routePatterns(app);
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split("?")[0] ?? "";
    const err = known.some((re) => re.test(path))
      ? new TrackerError("METHOD_NOT_ALLOWED")
      : new TrackerError("NOT_FOUND");
    if (path.startsWith("/api/v2")) reply.header("access-control-allow-origin", "*");
    sendError(reply, err);
  });
  return app as unknown as FastifyInstance;
}
