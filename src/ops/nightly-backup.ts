// Nightly backups (`gateway --backup-dir D --backup-keep N`): once per local calendar day, from
// BACKUP_HOUR on, the gateway copies its database to D/opentt-YYYY-MM-DD.db and deletes all but
// the newest N of those files. Driven by the gateway's clock (the simulated one under --sim), and
// by the files themselves: a gateway restarted at any hour makes the day's copy if it is missing.
import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import type { Logger } from "pino";
import type { Clock } from "../domain/clock.js";
import { formatLocal } from "../protocol/local-time.js";
import { backupDatabase } from "../store/backup.js";

/** The quiet hour of a restaurant's night, local time. */
const BACKUP_HOUR = 3;
const NAME = /^opentt-(\d{4}-\d{2}-\d{2})\.db$/;

export interface NightlyOptions {
  db: Database.Database;
  dir: string;
  keep: number;
  clock: Clock;
  zone: () => string;
  logger: Logger;
}

export class NightlyBackup {
  readonly #o: NightlyOptions;
  #running?: Promise<void>;
  /** The day whose copy failed: tried again at the next start, not every second. */
  #failedDay?: string;

  constructor(o: NightlyOptions) {
    if (!Number.isInteger(o.keep) || o.keep < 1) throw new TypeError("--backup-keep must be a whole number ≥ 1");
    this.#o = o;
  }

  /** Called on every maintenance tick; starts the day's backup when it is due. */
  tick(): Promise<void> | undefined {
    if (this.#running) return undefined;
    const local = formatLocal(this.#o.clock.now(), this.#o.zone());
    const day = local.slice(0, 10);
    if (Number(local.slice(11, 13)) < BACKUP_HOUR || day === this.#failedDay) return undefined;
    const file = path.join(this.#o.dir, `opentt-${day}.db`);
    if (fs.existsSync(file)) return undefined;
    this.#running = this.#run(day, file).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Waits for a backup in progress (the gateway stops only after it). */
  async settle(): Promise<void> {
    await this.#running;
  }

  async #run(day: string, file: string): Promise<void> {
    const { logger } = this.#o;
    try {
      const r = await backupDatabase(this.#o.db, file);
      const removed = this.prune();
      logger.info({ file, bytes: r.bytes, orders: r.orders, removed }, "nightly backup written");
    } catch (e) {
      this.#failedDay = day;
      logger.error(
        { err: e, dir: this.#o.dir },
        "nightly backup failed: check that the backup folder exists, is writable by the gateway's user and has space; the gateway tries again when restarted",
      );
    }
  }

  /** Deletes the oldest nightly files beyond `keep`; returns their names. */
  prune(): string[] {
    const files = fs
      .readdirSync(this.#o.dir)
      .filter((f) => NAME.test(f))
      .sort();
    const old = files.slice(0, Math.max(0, files.length - this.#o.keep));
    for (const f of old) fs.rmSync(path.join(this.#o.dir, f), { force: true });
    return old;
  }
}
