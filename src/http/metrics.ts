// GET /metrics (issue 20.2): the gateway in the Prometheus text format, for whoever watches the
// box. Loopback-only by default; `--metrics-access token` lets a scraper on the LAN in with an
// access token instead. The request hot path costs one counter increment: children are kept
// per route template and status, so no label string is built or hashed per request.
import fs from "node:fs";
import type Database from "better-sqlite3";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { AppContext } from "../context.js";
import type { FloorEvent } from "../domain/floor.js";
import { TrackerError } from "../protocol/tracker-error.js";
import { isLocalOrigin, isLoopback } from "./routes/admin.js";
import { router } from "./server.js";

export type MetricsAccess = "loopback" | "token";

export interface MetricsSources {
  ctx: AppContext;
  db: Database.Database;
  /** Open WebSocket connections. */
  webSocketClients: () => number;
  /** The database file, for its size (absent in memory). */
  dbFile?: string;
}

type Child = { inc(): void };

/**
 * The process's own metrics (event-loop lag, memory, CPU), once per process: prom-client's
 * event-loop monitor runs from its creation on, so each gateway made in one process (tests)
 * must not start another.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 20 });
  }
  return processRegistry;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<"route" | "status">;
  readonly #radioEvents: Counter<"kind">;
  readonly #children = new Map<string, Map<number, Child>>();

  constructor(s: MetricsSources) {
    const r = this.registry;
    processMetrics();
    this.#requests = new Counter({
      name: "opentt_http_requests_total",
      help: "HTTP requests answered, by route template and status",
      labelNames: ["route", "status"],
      registers: [r],
    });
    this.#radioEvents = new Counter({
      name: "opentt_radio_events_total",
      help: "Floor events the radio reported, by kind",
      labelNames: ["kind"],
      registers: [r],
    });
    const { ctx } = s;
    const count = (sql: string) => {
      const stmt = s.db.prepare(sql).pluck();
      return () => Number(stmt.get());
    };
    const webhookDepth = count("SELECT count(*) FROM webhook_outbox");
    const cloudDepth = count("SELECT count(*) FROM cloud_outbox");
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [r],
        collect() {
          this.set(read());
        },
      });
    gauge("opentt_websocket_clients", "Open WebSocket connections", s.webSocketClients);
    gauge("opentt_orders_active", "Orders not cleared yet", () => ctx.orders.count);
    gauge("opentt_orders_late", "Active orders older than the target time (setting targetTimeDefault)", () => {
      const since = ctx.clock.now() - ctx.settings.get().targetTimeDefault * 1000;
      let late = 0;
      for (const o of ctx.orders.list()) if (o.created < since) late++;
      return late;
    });
    gauge("opentt_radio_online", "1 while the tracker radio is online", () => (ctx.device.online ? 1 : 0));
    gauge("opentt_webhook_queue_depth", "Webhook deliveries waiting to be sent", webhookDepth);
    gauge("opentt_cloud_queue_depth", "Order changes waiting to be uploaded to the cloud", cloudDepth);
    const size = (file?: string) => () => {
      try {
        return file ? fs.statSync(file).size : 0;
      } catch {
        return 0;
      }
    };
    gauge("opentt_sqlite_bytes", "Size of the SQLite database file", size(s.dbFile));
    gauge("opentt_sqlite_wal_bytes", "Size of the SQLite write-ahead log", size(s.dbFile && `${s.dbFile}-wal`));
  }

  /** One request answered; route is fastify's template ("/api/v2/activeorders/:ref"). */
  request(route: string | undefined, status: number): void {
    const key = route ?? "unmatched";
    let byStatus = this.#children.get(key);
    if (!byStatus) {
      byStatus = new Map();
      this.#children.set(key, byStatus);
    }
    let child = byStatus.get(status);
    if (!child) {
      child = this.#requests.labels(key, String(status));
      byStatus.set(status, child);
    }
    child.inc();
  }

  radioEvent(e: FloorEvent): void {
    this.#radioEvents.labels(e.kind).inc();
  }

  /** Counts every request of app and serves GET /metrics on it. */
  mount(app: FastifyInstance, ctx: AppContext, access: MetricsAccess): void {
    app.addHook("onResponse", (req, reply, done) => {
      this.request(req.routeOptions.url, reply.statusCode);
      done();
    });
    const serve = async (req: FastifyRequest, reply: FastifyReply) => {
      if (access === "loopback") assertLoopback(req);
      const text = (await processMetrics().metrics()) + (await this.registry.metrics());
      return reply.header("content-type", this.registry.contentType).send(text);
    };
    router(app, ctx)(
      "GET",
      "/metrics",
      { secured: access === "token", schema: { summary: "Prometheus metrics", tags: ["gateway"] } },
      serve,
    );
  }
}

function assertLoopback(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (
    !isLoopback(req.socket.remoteAddress) ||
    (origin !== undefined && !isLocalOrigin(String(origin), req.socket.localPort))
  ) {
    throw new TrackerError(
      "FORBIDDEN",
      "Metrics are served to this machine only: scrape from the gateway box, or start the gateway with --metrics-access token and send an access token",
    );
  }
}
