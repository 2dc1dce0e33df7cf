// GET /metrics (issue 20.2): the gateway in the Prometheus text format, for whoever watches the
// box. Loopback-only by default; `--metrics-access token` lets a scraper on the LAN in with an
// access token instead.
//
// Cheap on the paths that matter: a request costs one increment of a number kept per route
// template and status (no label string built or hashed); prom-client (~1/3 of fastify's load
// time) is loaded at the first scrape, not at start-up, and reads those numbers then.
import fs from "node:fs";
import type Database from "better-sqlite3";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Registry } from "prom-client";
import type { AppContext } from "../context.js";
import type { FloorEvent } from "../domain/floor.js";
import { TrackerError } from "../protocol/tracker-error.js";
import { textRoute } from "./router.js";
import { isLocalOrigin, isLoopback } from "./routes/admin.js";

export type MetricsAccess = "loopback" | "token";

export interface MetricsSources {
  ctx: AppContext;
  db: Database.Database;
  /** Open WebSocket connections. */
  webSocketClients: () => number;
  /** The database file, for its size (absent in memory). */
  dbFile?: string;
}

type Tally = { n: number };

/**
 * The process's own metrics (event-loop lag, memory, CPU), once per process: prom-client's
 * event-loop monitor runs from its creation on, so each gateway made in one process (tests)
 * must not start another.
 */
let processRegistry: Promise<Registry> | undefined;
function processMetrics(): Promise<Registry> {
  processRegistry ??= import("prom-client").then(({ Registry, collectDefaultMetrics }) => {
    const r = new Registry();
    collectDefaultMetrics({ register: r, eventLoopMonitoringPrecision: 20 });
    return r;
  });
  return processRegistry;
}

export class GatewayMetrics {
  readonly #s: MetricsSources;
  readonly #requests = new Map<string, Map<number, Tally>>();
  readonly #radioEvents = new Map<string, Tally>();
  #registry?: Promise<Registry>;

  constructor(s: MetricsSources) {
    this.#s = s;
  }

  /** One request answered; route is fastify's template ("/api/v2/activeorders/:ref"). */
  request(route: string | undefined, status: number): void {
    const key = route ?? "unmatched";
    let byStatus = this.#requests.get(key);
    if (!byStatus) {
      byStatus = new Map();
      this.#requests.set(key, byStatus);
    }
    let tally = byStatus.get(status);
    if (!tally) {
      tally = { n: 0 };
      byStatus.set(status, tally);
    }
    tally.n++;
  }

  radioEvent(e: FloorEvent): void {
    let tally = this.#radioEvents.get(e.kind);
    if (!tally) {
      tally = { n: 0 };
      this.#radioEvents.set(e.kind, tally);
    }
    tally.n++;
  }

  /** The whole exposition text. */
  async text(): Promise<{ contentType: string; body: string }> {
    const [own, proc] = await Promise.all([this.#registry ?? this.#build(), processMetrics()]);
    return { contentType: own.contentType, body: (await proc.metrics()) + (await own.metrics()) };
  }

  #build(): Promise<Registry> {
    this.#registry = import("prom-client").then(({ Counter, Gauge, Registry }) => {
      const r = new Registry();
      const { ctx, db, dbFile } = this.#s;
      const requests = this.#requests;
      new Counter({
        name: "opentt_http_requests_total",
        help: "HTTP requests answered, by route template and status",
        labelNames: ["route", "status"],
        registers: [r],
        collect() {
          this.reset();
          for (const [route, byStatus] of requests)
            for (const [status, t] of byStatus) this.inc({ route, status: String(status) }, t.n);
        },
      });
      const radioEvents = this.#radioEvents;
      new Counter({
        name: "opentt_radio_events_total",
        help: "Floor events the radio reported, by kind",
        labelNames: ["kind"],
        registers: [r],
        collect() {
          this.reset();
          for (const [kind, t] of radioEvents) this.inc({ kind }, t.n);
        },
      });
      const gauge = (name: string, help: string, read: () => number) =>
        new Gauge({
          name,
          help,
          registers: [r],
          collect() {
            this.set(read());
          },
        });
      const count = (sql: string) => {
        const stmt = db.prepare(sql).pluck();
        return () => Number(stmt.get());
      };
      const size = (file?: string) => () => {
        try {
          return file ? fs.statSync(file).size : 0;
        } catch {
          return 0;
        }
      };
      gauge("opentt_websocket_clients", "Open WebSocket connections", this.#s.webSocketClients);
      gauge("opentt_orders_active", "Orders not cleared yet", () => ctx.orders.count);
      gauge("opentt_orders_late", "Active orders older than the target time (setting targetTimeDefault)", () => {
        const since = ctx.clock.now() - ctx.settings.get().targetTimeDefault * 1000;
        let late = 0;
        for (const o of ctx.orders.list()) if (o.created < since) late++;
        return late;
      });
      gauge("opentt_radio_online", "1 while the tracker radio is online", () => (ctx.device.online ? 1 : 0));
      gauge(
        "opentt_webhook_queue_depth",
        "Webhook deliveries waiting to be sent",
        count("SELECT count(*) FROM webhook_outbox"),
      );
      gauge(
        "opentt_cloud_queue_depth",
        "Order changes waiting to be uploaded to the cloud",
        count("SELECT count(*) FROM cloud_outbox"),
      );
      gauge("opentt_sqlite_bytes", "Size of the SQLite database file", size(dbFile));
      gauge("opentt_sqlite_wal_bytes", "Size of the SQLite write-ahead log", size(dbFile && `${dbFile}-wal`));
      return r;
    });
    return this.#registry;
  }

  /** Counts every request of app and serves GET /metrics on it. */
  mount(app: FastifyInstance, ctx: AppContext, access: MetricsAccess): void {
    app.addHook("onResponse", (req, reply, done) => {
      this.request(req.routeOptions.url, reply.statusCode);
      done();
    });
    const serve = async (req: FastifyRequest, reply: FastifyReply) => {
      if (access === "loopback") assertLoopback(req);
      const { contentType, body } = await this.text();
      return reply.header("content-type", contentType).send(body);
    };
    textRoute(app, ctx.tokens, "GET", "/metrics", { secured: access === "token" }, serve);
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
