// The cloud's HTTP adapter [opentt]: account routes (bearer admin token), the two gateway
// routes (activation by device code, uploads by site token), one error handler shared with
// the gateway (src/http-kit) so errors carry the same {status, returnCode, message} envelope.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { errorHandler, sendError } from "../http-kit/errors.js";
import { useLiberalJson } from "../http-kit/json.js";
import { CLOUD_API, parseSyncBatch, type SyncAck } from "../protocol/sync.js";
import { TrackerError } from "../protocol/tracker-error.js";
import { VERSION } from "../version.js";
import {
  activateSite,
  authenticateAccount,
  bearer,
  createSite,
  hashSecret,
  issueDeviceCode,
  rotateAdminToken,
  UNKNOWN_SITE,
} from "./accounts.js";
import type { CloudDb } from "./db.js";
import { IngestQueue, QUEUE_FULL_RETRY_SECONDS } from "./ingest.js";
import { CLOUD_SCHEMA_VERSION } from "./migrations.js";
import { listOrders } from "./orders-query.js";
import { parseOrderQuery, parseRange, parseSiteId } from "./query-params.js";
import {
  type ActivationLimits,
  DEFAULT_ACTIVATION_LIMITS,
  forgiveAttempt,
  type Refusal,
  retryText,
  sourceKey,
  takeAttempt,
  takeDeviceCode,
} from "./rate-limits.js";
import { ReadRouter } from "./replica.js";
import { listSites } from "./sites.js";
import { siteDailyStatistics } from "./statistics.js";

/** Uploads are up to MAX_BATCH orders; 4 MiB leaves ample room. */
const CLOUD_BODY_LIMIT = 4 * 1024 * 1024;

const ok = (reply: FastifyReply, data: Record<string, unknown>, status = 200) =>
  reply.code(status).send({ status, ...data });

export interface CloudHttpOptions {
  /** A hot standby for listings and analytics (replica.ts); writes always go to the primary. */
  replica?: CloudDb;
  limits?: ActivationLimits;
  /** HTTPS: PEM certificate chain and key. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Fastify's trustProxy: whose X-Forwarded-For names the source address (the load balancer). */
  trustProxy?: string | boolean;
  /** Ingest statements in flight at once (ingest.ts IngestQueue); the pool's other connections serve reads. */
  ingestConcurrency?: number;
}

export interface CloudRoute {
  method: string;
  url: string;
}

const routeTables = new WeakMap<FastifyInstance, CloudRoute[]>();

/** Every route the cloud serves, as registered (the isolation test walks them all). */
export function cloudRoutes(app: FastifyInstance): readonly CloudRoute[] {
  return routeTables.get(app) ?? [];
}

/** 429 with Retry-After: the header here, the envelope from the one error handler. */
function tooMany(reply: FastifyReply, r: Refusal, what: string): TrackerError {
  reply.header("retry-after", String(r.retryAfter));
  return new TrackerError("TOO_MANY_ATTEMPTS", `${what}: ${retryText(r.retryAfter)}`);
}

export async function buildCloudHttp(db: CloudDb, logger: Logger, o: CloudHttpOptions = {}): Promise<FastifyInstance> {
  const reads = new ReadRouter(db, o.replica);
  const ingest = new IngestQueue(db, { concurrency: o.ingestConcurrency });
  const limits = o.limits ?? DEFAULT_ACTIVATION_LIMITS;
  const app = Fastify({
    ...(o.tls ? { https: o.tls } : {}),
    trustProxy: o.trustProxy ?? false,
    loggerInstance: logger.child({ component: "cloud-http" }, { level: "warn" }) as FastifyBaseLogger,
    bodyLimit: CLOUD_BODY_LIMIT,
    requestTimeout: 60_000,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
    forceCloseConnections: "idle",
    routerOptions: { ignoreTrailingSlash: true },
  });
  const routes: CloudRoute[] = [];
  routeTables.set(app, routes);
  app.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });
  app.setErrorHandler(errorHandler);
  useLiberalJson(app);
  app.setNotFoundHandler((_req, reply) => {
    sendError(reply, new TrackerError("NOT_FOUND"));
  });

  app.get(CLOUD_API, async (_req, reply) =>
    ok(reply, { service: "opentt-cloud", version: VERSION, schema: CLOUD_SCHEMA_VERSION, engine: db.engine }),
  );

  // No token: for load balancers and monitoring. 503 when the primary does not answer.
  app.get("/health", async (_req, reply) => {
    const [primary, replicaStatus] = await Promise.all([
      db.query("SELECT 1").then(
        () => "ok",
        (e: Error) => e.message,
      ),
      reads.status(),
    ]);
    const status = primary === "ok" ? 200 : 503;
    return reply.code(status).send({ status, primary, replica: replicaStatus });
  });

  // ---- gateways

  app.post(`${CLOUD_API}/activate`, async (req, reply) => {
    const source = sourceKey(req.ip);
    const over = await takeAttempt(db, source, limits);
    if (over) {
      throw tooMany(reply, over, `Too many failed device codes from ${source} (${limits.failuresPerSource} allowed)`);
    }
    const r = await activateSite(db, req.body).catch((e: unknown) => {
      if (e instanceof TrackerError && e.code === "INVALID_DEVICE_CODE") {
        logger.warn(
          { source, limit: limits.failuresPerSource, windowSeconds: limits.sourceWindowSeconds },
          "device code refused (unknown, used or expired) — check the code on the account's sites page, or issue a fresh one; many of these from one source is someone guessing",
        );
      }
      throw e;
    });
    await forgiveAttempt(db, source);
    await reads.markWrite(r.accountId);
    logger.info({ siteId: r.siteId, accountId: r.accountId }, "gateway activated");
    return reply.code(200).send(r);
  });

  app.post(`${CLOUD_API}/sync`, async (req, reply) => {
    const tokenHash = hashSecret(bearer(req.headers.authorization));
    const batch = parseSyncBatch(req.body);
    const r = await ingest.submit(tokenHash, batch).catch((e: unknown) => {
      if (e instanceof TrackerError && e.code === "UNAVAILABLE")
        reply.header("retry-after", String(QUEUE_FULL_RETRY_SECONDS));
      throw e;
    });
    if (!r) throw new TrackerError("INVALID_TOKEN", UNKNOWN_SITE);
    return ok(reply, { accepted: r.accepted, applied: r.applied } satisfies Omit<SyncAck, "status">);
  });

  // ---- account admins

  const takeCode = async (reply: FastifyReply, accountId: number) => {
    const over = await takeDeviceCode(db, accountId, limits);
    if (over) {
      throw tooMany(
        reply,
        over,
        `This account issued its ${limits.codesPerAccount} device codes of the last ${limits.accountWindowSeconds / 60} minutes`,
      );
    }
  };

  app.post(`${CLOUD_API}/sites`, async (req, reply) => {
    const { account } = await authenticateAccount(db, req.headers.authorization);
    await takeCode(reply, account.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const site = await createSite(db, account.id, body.name);
    await reads.markWrite(account.id);
    return ok(reply, { ...site }, 201);
  });

  app.post<{ Params: { id: string } }>(`${CLOUD_API}/sites/:id/device-code`, async (req, reply) => {
    const { account } = await authenticateAccount(db, req.headers.authorization);
    const id = parseSiteId(req.params.id) as number;
    await takeCode(reply, account.id);
    const code = await issueDeviceCode(db, account.id, id);
    await reads.markWrite(account.id);
    return ok(reply, { ...code }, 201);
  });

  app.patch(`${CLOUD_API}/account`, async (req, reply) => {
    const { account } = await authenticateAccount(db, req.headers.authorization);
    const months = ((req.body ?? {}) as Record<string, unknown>).retentionMonths;
    if (!Number.isInteger(months) || (months as number) < 1 || (months as number) > 240) {
      throw new TrackerError("INVALID_JSON", 'Invalid retention: send {"retentionMonths": <whole months, 1-240>}');
    }
    await db.query("UPDATE accounts SET retention_months = $2 WHERE id = $1", [account.id, months]);
    await reads.markWrite(account.id);
    return ok(reply, { account: { ...account, retentionMonths: months } });
  });

  app.post(`${CLOUD_API}/account/token`, async (req: FastifyRequest, reply) => {
    const { account } = await authenticateAccount(db, req.headers.authorization);
    const overlap = ((req.body ?? {}) as Record<string, unknown>).overlapSeconds ?? 0;
    const r = await rotateAdminToken(db, account.id, overlap);
    await reads.markWrite(account.id);
    logger.info({ accountId: account.id, previousTokenValidUntil: r.previousTokenValidUntil }, "admin token rotated");
    return ok(reply, { account, ...r }, 201);
  });

  app.get(`${CLOUD_API}/sites`, async (req, reply) => {
    const { account, writeLsn } = await authenticateAccount(db, req.headers.authorization);
    const read = await reads.reader(writeLsn);
    const items = await listSites(read.db, account.id);
    const replicaStatus = await reads.status();
    return ok(reply, { account, count: items.length, items, readFrom: read.from, replica: replicaStatus });
  });

  app.get(`${CLOUD_API}/orders`, async (req, reply) => {
    const { account, writeLsn } = await authenticateAccount(db, req.headers.authorization);
    const q = parseOrderQuery(req.query as Record<string, unknown>);
    const { items, total } = await listOrders((await reads.reader(writeLsn)).db, account.id, q);
    return ok(reply, { count: items.length, total, items });
  });

  app.get(`${CLOUD_API}/statistics`, async (req, reply) => {
    const { account, writeLsn } = await authenticateAccount(db, req.headers.authorization);
    const range = parseRange(req.query as Record<string, unknown>);
    const items = await siteDailyStatistics((await reads.reader(writeLsn)).db, account.id, range);
    return ok(reply, { count: items.length, items });
  });

  return app;
}
