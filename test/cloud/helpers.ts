// Cloud test helpers: a database (a fresh database on the real PostgreSQL named by
// OPENTT_TEST_PG_URL, else in-memory PGlite), a cloud service on loopback port 0 with one
// account, a loopback TCP proxy whose "network" a test can cut, and a bounded wait.
import { randomBytes, randomUUID } from "node:crypto";
import net from "node:net";
import pino, { type Logger } from "pino";
import { createAccount } from "../../src/cloud/accounts.js";
import { type CloudDb, openPglite, openPostgres } from "../../src/cloud/db.js";
import { migrateCloud } from "../../src/cloud/migrations.js";
import { type CloudConfig, CloudService } from "../../src/cloud/service.js";
import { startedOrder } from "../../src/domain/order-rules.js";
import type { SyncOrder } from "../../src/protocol/sync.js";
import { waitUntil } from "../helpers/wait.js";

export const PG_URL = process.env.OPENTT_TEST_PG_URL;
export const ENGINE = PG_URL ? "postgres" : "pglite";

export interface TestDb {
  db: CloudDb;
  drop(): Promise<void>;
}

/** A migrated (to `upTo`, default the latest), empty database of its own. */
export async function openTestDb(upTo?: number): Promise<TestDb> {
  if (!PG_URL) {
    const db = await openPglite();
    await migrateCloud(db, upTo);
    return { db, drop: () => db.close() };
  }
  const name = `opentt_test_${randomBytes(6).toString("hex")}`;
  const admin = openPostgres(PG_URL, { max: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), { max: 20 });
  await migrateCloud(db, upTo);
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

export interface TestCloud {
  cloud: CloudService;
  db: CloudDb;
  base: string;
  /** Admin token of the account created at start. */
  token: string;
  accountId: number;
  stop(): Promise<void>;
}

export async function startTestCloud(config: Partial<CloudConfig> = {}, logger?: Logger): Promise<TestCloud> {
  const t = await openTestDb();
  const account = await createAccount(t.db, "Test Diner Group");
  const cloud = new CloudService(
    { host: "127.0.0.1", port: 0, ...config },
    { db: t.db, logger: logger ?? pino({ level: process.env.OPENTT_TEST_LOG ?? "silent" }) },
  );
  await cloud.start();
  return {
    cloud,
    db: t.db,
    base: `${config.tlsCert ? "https://localhost" : "http://127.0.0.1"}:${cloud.port}`,
    token: account.token,
    accountId: account.id,
    stop: async () => {
      await cloud.stop();
      await t.drop();
    },
  };
}

export type ProxyMode =
  | { kind: "pass" }
  /** Forwards this many request bytes, then cuts both sides: the cloud gets half a batch. */
  | { kind: "cut-request"; afterBytes: number }
  /** Forwards the whole request, then cuts before the cloud's answer reaches the gateway. */
  | { kind: "drop-response" };

/**
 * A loopback TCP proxy in front of the cloud: the gateway's only route to it. `down()` closes
 * the listener and every connection (the cable is pulled); `up()` listens again on the same port.
 */
export class CutProxy {
  mode: ProxyMode = { kind: "pass" };
  /** Connections cut by a cut-request or drop-response mode. */
  cuts = 0;
  readonly #sockets = new Set<net.Socket>();
  #server?: net.Server;
  #port = 0;

  constructor(private readonly target: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async up(): Promise<void> {
    const server = net.createServer((client) => this.#connect(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.#port, "127.0.0.1", () => resolve());
    });
    this.#port = (server.address() as net.AddressInfo).port;
    this.#server = server;
  }

  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  #connect(client: net.Socket): void {
    const upstream = net.connect(this.target, "127.0.0.1");
    this.#sockets.add(client);
    this.#sockets.add(upstream);
    const cut = () => {
      this.cuts++;
      client.destroy();
      upstream.destroy();
    };
    let sent = 0;
    client.on("data", (chunk: Buffer) => {
      const m = this.mode;
      if (m.kind === "cut-request") {
        const room = m.afterBytes - sent;
        if (room <= 0) return;
        sent += Math.min(room, chunk.length);
        const done = sent >= m.afterBytes;
        // Once the part is flushed, a FIN upstream (the cloud reads half a body, then EOF) and a
        // reset towards the gateway (its upload fails mid-request).
        upstream.write(chunk.subarray(0, room), () => {
          if (!done) return;
          this.cuts++;
          upstream.end();
          client.destroy();
        });
        return;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (this.mode.kind === "drop-response") return cut();
      client.write(chunk);
    });
    const end = () => {
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  }
}

/** waitUntil with the cloud tests' argument order; a probe that throws is asked again. */
export function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  return waitUntil(check, what, timeoutMs, { retryErrors: true });
}

/** One order as a gateway uploads it: a new dine-in order, created now unless told otherwise. */
export function syncOrder(over: Partial<SyncOrder> = {}): SyncOrder {
  // The gateway's own new order, as saved once (version 1).
  return { ...startedOrder(randomUUID(), "12", "ON_PREMISE", Date.now()), version: 1, ...over };
}
