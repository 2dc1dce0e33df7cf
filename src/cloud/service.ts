// The cloud service's lifecycle: open the database (a PostgreSQL server, or embedded PGlite),
// migrate, listen; stop in reverse. stop() is idempotent.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import pino, { type Logger } from "pino";
import { type CloudConfig, DEFAULT_CLOUD_CONFIG } from "./config.js";
import { mountCloudDashboard } from "./dashboard.js";
import { type CloudDb, openCloudDb, openPostgres } from "./db.js";
import { buildCloudHttp } from "./http.js";
import { ingestConcurrency } from "./ingest.js";
import { migrateCloud } from "./migrations.js";
import { clusterEndedMonths, maintainPartitions } from "./partitions.js";
import { pruneAttempts } from "./rate-limits.js";

const PARTITION_JOB_MS = 3_600_000;

export type { CloudConfig } from "./config.js";

export class CloudService {
  readonly config: Readonly<CloudConfig>;
  readonly logger: Logger;
  #db?: CloudDb;
  #replica?: CloudDb;
  /** A database handed in (tests) belongs to the caller and stays open at stop(). */
  readonly #ownsDb: boolean;
  #http?: FastifyInstance;
  #stopped?: Promise<void>;
  #timer?: NodeJS.Timeout;
  /** The background reordering of ended months (partitions.ts clusterEndedMonths), while it runs. */
  #clustering?: Promise<void>;

  constructor(config: Partial<CloudConfig>, deps: { logger?: Logger; db?: CloudDb } = {}) {
    this.config = Object.freeze({ ...DEFAULT_CLOUD_CONFIG, ...config });
    if (!Number.isInteger(this.config.port) || this.config.port < 0 || this.config.port > 65535) {
      throw new TypeError(`--port must be 0-65535, not ${this.config.port}`);
    }
    if (this.config.database && !/^postgres(ql)?:\/\//.test(this.config.database)) {
      throw new TypeError("--database must be a postgres:// URL");
    }
    if (this.config.databaseReplica !== undefined) {
      if (!this.config.database && !deps.db) throw new TypeError("--database-replica needs --database (its primary)");
      if (!/^postgres(ql)?:\/\//.test(this.config.databaseReplica)) {
        throw new TypeError("--database-replica must be a postgres:// URL");
      }
    }
    if ((this.config.tlsCert === undefined) !== (this.config.tlsKey === undefined)) {
      throw new TypeError("--tls-cert and --tls-key go together: give both PEM files, or neither for plain HTTP");
    }
    this.logger = deps.logger ?? pino({ level: this.config.logLevel, base: { name: "opentt-cloud" } });
    this.#db = deps.db;
    this.#ownsDb = deps.db === undefined;
  }

  get db(): CloudDb {
    if (!this.#db) throw new Error("the cloud service is not started");
    return this.#db;
  }

  /** The HTTP server (its route table: http.ts cloudRoutes). */
  get http(): FastifyInstance {
    if (!this.#http) throw new Error("the cloud service is not started");
    return this.#http;
  }

  get port(): number {
    return (this.#http?.server.address() as AddressInfo | null)?.port ?? this.config.port;
  }

  get url(): string {
    const h = this.config.host;
    const host = h === "0.0.0.0" || h === "::" ? "localhost" : h.includes(":") ? `[${h}]` : h;
    return `${this.config.tlsCert ? "https" : "http"}://${host}:${this.port}`;
  }

  async #partitionJob(): Promise<void> {
    try {
      await pruneAttempts(this.db);
      const r = await maintainPartitions(this.db);
      if (r.created.length + r.dropped.length > 0) this.logger.info(r, "order partitions maintained");
      this.#clusterInBackground();
    } catch (e) {
      this.logger.error(
        { err: e },
        "the order partition job failed; it retries in an hour: check the database user may create and drop tables (the error says which partition)",
      );
    }
  }

  // Minutes for a large month: never awaited by start-up or by the hourly job; stop() ends it
  // between two partitions.
  #clusterInBackground(): void {
    if (this.#clustering || this.#stopped) return;
    this.#clustering = clusterEndedMonths(this.db, new Date(), () => this.#stopped !== undefined)
      .then((done) => {
        if (done.length > 0) this.logger.info({ partitions: done }, "ended months ordered by site");
      })
      .catch((e: unknown) => {
        this.logger.error(
          { err: e },
          "ordering ended months by site failed; it retries in an hour (queries work meanwhile, only slower)",
        );
      })
      .finally(() => {
        this.#clustering = undefined;
      });
  }

  #tls(): { cert: Buffer; key: Buffer } | undefined {
    const { tlsCert, tlsKey } = this.config;
    if (tlsCert === undefined || tlsKey === undefined) return undefined;
    const read = (file: string, flag: string) => {
      try {
        return readFileSync(file);
      } catch (e) {
        throw new TypeError(`${flag} ${file} cannot be read (${(e as NodeJS.ErrnoException).code}): give a PEM file`);
      }
    };
    return { cert: read(tlsCert, "--tls-cert"), key: read(tlsKey, "--tls-key") };
  }

  async start(): Promise<this> {
    try {
      // Unreadable certificate files fail before any database is opened.
      const tls = this.#tls();
      this.#db ??= await openCloudDb({
        database: this.config.database,
        dataDir: this.config.dataDir,
        poolSize: this.config.poolSize,
      });
      const m = await migrateCloud(this.#db);
      if (m.from !== m.to) this.logger.info(m, "cloud schema migrated");
      await this.#partitionJob();
      // Months ahead are created and expired months dropped hourly by whichever process gets the lock.
      this.#timer = setInterval(() => void this.#partitionJob(), PARTITION_JOB_MS);
      this.#timer.unref();
      // The standby replays the primary's migration; it is never migrated itself.
      if (this.config.databaseReplica) {
        this.#replica = openPostgres(this.config.databaseReplica, { max: this.config.poolSize });
      }
      this.#http = await buildCloudHttp(this.#db, this.logger, {
        ingestConcurrency: ingestConcurrency(this.#db.engine, this.config.poolSize),
        replica: this.#replica,
        limits: this.config.limits,
        tls,
        trustProxy: this.config.trustProxy,
      });
      mountCloudDashboard(this.#http);
      // Thousands of gateways reconnect together after an outage: a deep accept queue (the kernel
      // caps it at net.core.somaxconn) turns that burst into waiting, not connection resets.
      await this.#http.listen({ host: this.config.host, port: this.config.port, backlog: 4096 });
    } catch (e) {
      await this.stop();
      throw e;
    }
    return this;
  }

  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      clearInterval(this.#timer);
      await this.#clustering;
      await this.#http?.close();
      await this.#replica?.close();
      if (this.#ownsDb) await this.#db?.close();
    })();
    return this.#stopped;
  }
}
