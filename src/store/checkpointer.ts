// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
// crosses its threshold, on the committing connection: with better-sqlite3 that is the event
// loop, which then sits in fsync() while every client waits (bench 2 measured the gateway's
// core ~15 % idle under a write storm, all of it there). Here the gateway's connection turns the
// automatic checkpoint off and a worker thread, on a connection of its own, runs PASSIVE
// checkpoints whenever the WAL has grown. PASSIVE never blocks readers or the writer, and a
// checkpoint changes nothing about durability: the WAL already holds every committed change.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/** How often the worker looks at the WAL, ms. */
const INTERVAL_MS = 200;
/** SQLite's default automatic checkpoint threshold, in pages: restored if the worker dies. */
const AUTOCHECKPOINT_PAGES = 1000;

// Runs as CommonJS in the worker (eval). It checkpoints when the WAL file changed since the
// last look, so an idle gateway costs one stat() per interval and no disk writes.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
let last = "";
const tick = () => {
  let now = "";
  try { const s = fs.statSync(workerData.file + "-wal"); now = s.size + ":" + s.mtimeMs; } catch {}
  if (now !== "" && now !== last) {
    const [row] = db.pragma("wal_checkpoint(PASSIVE)");
    // Frames a reader still needed stay for the next tick: only a complete pass is "seen".
    if (row && row.busy === 0 && row.log === row.checkpointed) last = now;
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage("stopped");
});
`;

export interface Checkpointer {
  /** Stops the worker; the gateway's own connection checkpoints on close as usual. */
  stop(): void;
}

/** Moves `db`'s checkpoints to a worker thread; a no-op for an in-memory database. */
export function checkpointInBackground(db: Database.Database): Checkpointer {
  if (db.memory) return { stop() {} };
  db.pragma("wal_autocheckpoint = 0");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      module: createRequire(import.meta.url).resolve("better-sqlite3"),
      file: db.name,
      intervalMs: INTERVAL_MS,
    },
  });
  // Never keeps the process alive: a gateway that is exiting does not wait for a checkpoint.
  worker.unref();
  // Without the worker the WAL would grow without bound: give the job back to SQLite.
  worker.on("error", () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  });
  return {
    stop() {
      worker.postMessage("stop");
    },
  };
}
