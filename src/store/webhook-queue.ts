// The durable webhook outbox as the delivery worker sees it: the head of each URL's queue,
// and what happened to an attempt. Rows are written by WebhookStore.enqueueAll inside the
// transaction of the order change they describe.
import type Database from "better-sqlite3";

export interface Delivery {
  id: number;
  url: string;
  body: string;
  created: number;
  attempts: number;
  nextAttempt: number;
}

export class WebhookQueue {
  readonly #heads: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #retry: Database.Statement;
  readonly #error: Database.Statement;
  readonly #drop: Database.Statement;

  constructor(db: Database.Database) {
    this.#heads = db.prepare(
      `SELECT o.id, o.url, o.body, o.created, o.attempts, o.next_attempt AS nextAttempt
       FROM webhook_outbox o JOIN (SELECT min(id) AS id FROM webhook_outbox GROUP BY url) h ON h.id = o.id`,
    );
    this.#delete = db.prepare("DELETE FROM webhook_outbox WHERE id = ?");
    this.#retry = db.prepare("UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt = ? WHERE id = ?");
    this.#error = db.prepare("UPDATE webhooks SET last_error = ? WHERE url = ?");
    this.#drop = db.prepare("DELETE FROM webhook_outbox WHERE created < ?");
  }

  /** The oldest undelivered body of every URL: deliveries go out in order per URL. */
  heads(): Delivery[] {
    return this.#heads.all() as Delivery[];
  }

  delivered(d: Delivery): void {
    this.#delete.run(d.id);
    this.#error.run(null, d.url);
  }

  failed(d: Delivery, error: string, nextAttempt: number): void {
    this.#retry.run(nextAttempt, d.id);
    this.#error.run(error.slice(0, 500), d.url);
  }

  /** Drops deliveries queued before `before`; returns how many. */
  dropOlderThan(before: number): number {
    return this.#drop.run(before).changes;
  }
}
