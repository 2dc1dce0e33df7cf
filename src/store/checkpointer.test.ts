// Checkpoints run on a worker thread, never inside a commit on the event loop: with the
// gateway's option the committing connection never copies WAL pages into the database file,
// yet the file still grows as the history does, and it stays readable throughout.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { waitUntil } from "../../test/helpers/wait.js";
import { openDatabase, SqliteStore } from "./sqlite-store.js";

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function open(backgroundCheckpoints: boolean): { store: SqliteStore; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentt-ckpt-"));
  dirs.push(dir);
  const store = new SqliteStore(openDatabase({ dataDir: dir }), { backgroundCheckpoints });
  stores.push(store);
  return { store, file: path.join(dir, "opentt.db") };
}

/** ~8 MB of orders in many small commits, as a write storm makes them. */
function storm(store: SqliteStore): void {
  const insert = store.db.prepare(
    `INSERT INTO orders (uuid, name, order_type, location_name, state, created, state_changed, paged, version)
     VALUES (?, ?, 'TO_GO', ?, 'cleared', ?, ?, 0, 1)`,
  );
  for (let c = 0; c < 200; c++) {
    store.transaction(() => {
      for (let i = 0; i < 100; i++) insert.run(`u-${c}-${i}`, String(c * 100 + i + 1), "x".repeat(300), c, c);
    });
  }
}

describe("background checkpoints", () => {
  it("turn off the committing connection's own checkpoint and copy the WAL from a worker", async () => {
    const { store, file } = open(true);
    expect(store.db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const before = fs.statSync(file).size;
    storm(store);
    // Only the worker can have moved pages into the main file: this connection never checkpoints.
    await waitUntil(() => fs.statSync(file).size > before + 4_000_000, "the worker's checkpoint", 20_000);
    expect(store.db.prepare("SELECT count(*) AS n FROM orders").get()).toEqual({ n: 20_000 });
  });

  it("leave SQLite's automatic checkpoint alone without the option", () => {
    const { store } = open(false);
    expect(store.db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
  });

  it("are not started for an in-memory database", () => {
    const store = new SqliteStore(openDatabase({ dataDir: ":memory:" }), { backgroundCheckpoints: true });
    stores.push(store);
    expect(store.db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
  });
});

describe("closing a store with background checkpoints", () => {
  it("leaves an empty WAL, so the database file alone holds every order", () => {
    const { store, file } = open(true);
    storm(store);
    store.close();
    const walSize = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0;
    expect(walSize).toBe(0);
  });
});
