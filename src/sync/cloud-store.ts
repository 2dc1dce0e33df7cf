// The gateway's side of the cloud on SQLite: the binding (which cloud, which site, the upload
// token) and the outbox of order versions not yet acknowledged. enqueue() runs inside the
// transaction of the order change, so a change is never committed without its outbox row.
import type Database from "better-sqlite3";
import { fromSqliteRow, type OrderData, pickOrder, type SqliteOrderColumns } from "../protocol/order.js";

export interface CloudBinding {
  cloudUrl: string;
  siteId: number;
  siteName: string;
  accountId: number;
  accountName: string;
  siteToken: string;
  /** Real time of the activation, epoch ms. */
  activated: number;
}

export interface OutboxRow {
  id: number;
  uuid: string;
  version: number;
  body: string;
  /** Real time the row was first queued, epoch ms. */
  queued: number;
}

export class CloudSyncStore {
  readonly #db: Database.Database;
  readonly #get: Database.Statement;
  readonly #put: Database.Statement;
  readonly #enqueue: Database.Statement;
  readonly #batch: Database.Statement;
  readonly #ack: Database.Statement;
  readonly #stats: Database.Statement;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#get = db.prepare(
      `SELECT cloud_url AS cloudUrl, site_id AS siteId, site_name AS siteName, account_id AS accountId,
         account_name AS accountName, site_token AS siteToken, activated FROM cloud_binding WHERE id = 1`,
    );
    this.#put = db.prepare(
      `INSERT OR REPLACE INTO cloud_binding (id, cloud_url, site_id, site_name, account_id, account_name, site_token, activated)
       VALUES (1, @cloudUrl, @siteId, @siteName, @accountId, @accountName, @siteToken, @activated)`,
    );
    // A newer version replaces the queued body but keeps its place and its first-queued time.
    this.#enqueue = db.prepare(
      `INSERT INTO cloud_outbox (uuid, version, body, queued) VALUES (?, ?, ?, ?)
       ON CONFLICT(uuid) DO UPDATE SET version = excluded.version, body = excluded.body
       WHERE excluded.version > cloud_outbox.version`,
    );
    this.#batch = db.prepare("SELECT id, uuid, version, body, queued FROM cloud_outbox ORDER BY id LIMIT ?");
    // A version that changed while its upload was in flight stays queued.
    this.#ack = db.prepare("DELETE FROM cloud_outbox WHERE uuid = ? AND version <= ?");
    this.#stats = db.prepare("SELECT count(*) AS pending, min(queued) AS oldest FROM cloud_outbox");
  }

  binding(): CloudBinding | undefined {
    return this.#get.get() as CloudBinding | undefined;
  }

  /**
   * Binds to a site and queues every order still on the gateway, so the cloud starts with the
   * local history; a previous binding's queue is dropped (it belonged to the other site).
   */
  bind(b: CloudBinding, now: number): number {
    return this.#db.transaction(() => {
      this.#put.run(b);
      this.#db.prepare("DELETE FROM cloud_outbox").run();
      const rows = this.#db.prepare("SELECT * FROM orders ORDER BY created, id").all() as SqliteOrderColumns[];
      for (const r of rows) {
        const o = fromSqliteRow(r);
        this.#enqueue.run(o.uuid, o.version, JSON.stringify(o), now);
      }
      return rows.length;
    })();
  }

  unbind(): boolean {
    return this.#db.transaction(() => {
      this.#db.prepare("DELETE FROM cloud_outbox").run();
      return this.#db.prepare("DELETE FROM cloud_binding").run().changes > 0;
    })();
  }

  /** Call inside the order change's transaction. */
  enqueue(order: OrderData, now: number): void {
    this.#enqueue.run(order.uuid, order.version, JSON.stringify(pickOrder(order)), now);
  }

  batch(limit: number): OutboxRow[] {
    return this.#batch.all(limit) as OutboxRow[];
  }

  acknowledge(rows: ReadonlyArray<Pick<OutboxRow, "uuid" | "version">>): void {
    this.#db.transaction(() => {
      for (const r of rows) this.#ack.run(r.uuid, r.version);
    })();
  }

  stats(): { pending: number; oldest: number | null } {
    return this.#stats.get() as { pending: number; oldest: number | null };
  }
}
