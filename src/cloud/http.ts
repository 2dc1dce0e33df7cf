// The cloud's HTTP adapter [opentt]: account routes (bearer admin token), the two gateway
// routes (activation by device code, uploads by site token), one error handler shared with
// the gateway (src/http-kit) so errors carry the same {status, returnCode, message} envelope.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from "fastify";
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
  UNKNOWN_SITE,
} from "./accounts.js";
import type { CloudDb } from "./db.js";
import { ingestBatch } from "./ingest.js";
import { CLOUD_SCHEMA_VERSION } from "./migrations.js";
import { listOrders } from "./orders-query.js";
import { parseOrderQuery, parseRange, parseSiteId } from "./query-params.js";
import { ReadRouter } from "./replica.js";
import { listSites } from "./sites.js";
import { siteDailyStatistics } from "./statistics.js";

/** Uploads are up to MAX_BATCH orders; 4 MiB leaves ample room. */
const CLOUD_BODY_LIMIT = 4 * 1024 * 1024;

const ok = (reply: FastifyReply, data: Record<string, unknown>, status = 200) =>
  reply.code(status).send({ status, ...data });

/** `replica`: a hot standby for listings and analytics (replica.ts); writes always go to `db`. */
export async function buildCloudHttp(db: CloudDb, logger: Logger, replica?: CloudDb): Promise<FastifyInstance> {
  const reads = new ReadRouter(db, replica);
  const app = Fastify({
    loggerInstance: logger.child({ component: "cloud-http" }, { level: "warn" }) as FastifyBaseLogger,
    bodyLimit: CLOUD_BODY_LIMIT,
    requestTimeout: 60_000,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
    forceCloseConnections: "idle",
    routerOptions: { ignoreTrailingSlash: true },
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
    const r = await activateSite(db, req.body);
    await reads.markWrite(r.accountId);
    logger.info({ siteId: r.siteId, accountId: r.accountId }, "gateway activated");
    return reply.code(200).send(r);
  });

  app.post(`${CLOUD_API}/sync`, async (req, reply) => {
    const tokenHash = hashSecret(bearer(req.headers.authorization));
    const batch = parseSyncBatch(req.body);
    const r = await ingestBatch(db, tokenHash, batch);
    if (!r) throw new TrackerError("INVALID_TOKEN", UNKNOWN_SITE);
    return ok(reply, { accepted: r.accepted, applied: r.applied } satisfies Omit<SyncAck, "status">);
  });

  // ---- account admins

  app.post(`${CLOUD_API}/sites`, async (req, reply) => {
    const { account } = await authenticateAccount(db, req.headers.authorization);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const site = await createSite(db, account.id, body.name);
    await reads.markWrite(account.id);
    return ok(reply, { ...site }, 201);
  });

  app.post<{ Params: { id: string } }>(`${CLOUD_API}/sites/:id/device-code`, async (req, reply) => {
    const { account } = await authenticateAccount(db, req.headers.authorization);
    const id = parseSiteId(req.params.id) as number;
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
