// Online backup and restore of the gateway's SQLite database (issue 20.3).
//
// A backup reads the database file with SQLite's online backup API from its own connection,
// inside one read transaction: in WAL mode a reader sees a fixed snapshot (every transaction
// committed before it began, including those still in the -wal file) and never blocks the
// gateway's writer, so the gateway keeps serving while the copy is made, and the copy is one
// consistent moment. Without the read transaction SQLite restarts a backup each time another
// process writes between its steps, which under steady traffic could never finish.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { SCHEMA_VERSION } from "./migrations.js";

export const DB_FILE = "opentt.db";

/** Pages copied per step: small steps let the source connection's own writes interleave. */
const PAGES_PER_STEP = 256;

export interface BackupResult {
  file: string;
  bytes: number;
  schemaVersion: number;
  orders: number;
}

export interface BackupOptions {
  /** Called once the snapshot is fixed and before any page is copied (tests write here). */
  onSnapshot?: () => Promise<void> | void;
}

/**
 * Copies `source` (an open connection, or a database file another process may be writing) to
 * `dest` atomically: a `.partial` file renamed into place once it passes integrity_check.
 */
export async function backupDatabase(
  source: Database.Database | string,
  dest: string,
  opts: BackupOptions = {},
): Promise<BackupResult> {
  const own = typeof source === "string";
  if (own && !fs.existsSync(source)) {
    throw new Error(`No database at ${source}: give the gateway's data folder with --data`);
  }
  const db = own ? new Database(source, { fileMustExist: true }) : source;
  const partial = `${dest}.partial`;
  fs.mkdirSync(path.dirname(path.resolve(dest)), { recursive: true });
  fs.rmSync(partial, { force: true });
  let ownsTransaction = false;
  try {
    if (own) db.pragma("busy_timeout = 5000");
    // Our own connection holds a read transaction for the whole copy: its snapshot is fixed.
    // The gateway's connection (nightly backups) cannot: it writes meanwhile, and SQLite copies
    // its own connection's writes into the backup as they happen, so that copy is consistent too.
    if (own && !db.inTransaction) {
      db.exec("BEGIN");
      db.prepare("SELECT count(*) FROM sqlite_master").get();
      ownsTransaction = true;
    }
    await opts.onSnapshot?.();
    await db.backup(partial, { progress: () => PAGES_PER_STEP });
  } finally {
    if (ownsTransaction) db.exec("COMMIT");
    if (own) db.close();
  }
  const copy = new Database(partial);
  let result: BackupResult;
  try {
    // One self-contained file: the copy keeps no -wal beside it.
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`The backup copy failed its integrity check (${String(check)}); try again`);
    result = {
      file: dest,
      bytes: 0,
      schemaVersion: copy.pragma("user_version", { simple: true }) as number,
      orders: copy.prepare("SELECT count(*) FROM orders").pluck().get() as number,
    };
  } catch (e) {
    copy.close();
    fs.rmSync(partial, { force: true });
    throw e;
  }
  copy.close();
  fs.renameSync(partial, dest);
  result.bytes = fs.statSync(dest).size;
  return result;
}

/** What a restore checks before it replaces anything; throws a message naming the problem. */
function inspectBackup(file: string): { schemaVersion: number; orders: number } {
  if (!fs.existsSync(file)) throw new Error(`No file at ${file}: give the path of a file made by \`opentt backup\``);
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString("latin1") !== "SQLite format 3\0") {
    throw new Error(`${file} is not an opentt backup (not an SQLite database): give a file made by \`opentt backup\``);
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `${file} is from a newer opentt (schema version ${version}; this opentt knows up to ${SCHEMA_VERSION}): upgrade opentt first, then restore`,
      );
    }
    if (version < 1 || !["meta", "orders", "tokens", "settings"].every((t) => tables.has(t))) {
      throw new Error(`${file} is an SQLite database but not an opentt backup (no opentt tables in it)`);
    }
    const check = db.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`${file} is damaged (integrity check: ${String(check)}): use an older backup`);
    return { schemaVersion: version, orders: db.prepare("SELECT count(*) FROM orders").pluck().get() as number };
  } finally {
    db.close();
  }
}

const SIDE_FILES = ["", "-wal", "-shm"];

/**
 * Puts `file` in place of `dataDir`'s database. The database it replaces is renamed, with its
 * -wal and -shm, to `opentt.db.before-restore-<stamp>` (SQLite still opens it there, its WAL
 * included). The caller has checked that no gateway runs on the folder.
 */
export function restoreDatabase(
  file: string,
  dataDir: string,
  stamp: string,
): { keptAs?: string; schemaVersion: number; orders: number } {
  const info = inspectBackup(file);
  fs.mkdirSync(dataDir, { recursive: true });
  const target = path.join(dataDir, DB_FILE);
  const staged = `${target}.restoring`;
  fs.copyFileSync(file, staged);
  const fd = fs.openSync(staged, "r+");
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  let keptAs: string | undefined;
  if (fs.existsSync(target)) {
    keptAs = `${target}.before-restore-${stamp}`;
    for (const side of SIDE_FILES) {
      if (fs.existsSync(target + side)) fs.renameSync(target + side, keptAs + side);
    }
  }
  fs.renameSync(staged, target);
  return { keptAs, ...info };
}
