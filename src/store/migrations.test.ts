// The store's schema (issue 2.4): versioned migrations run once at start, in WAL mode; a
// database from a newer opentt is refused rather than damaged; data survives reopening.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, SCHEMA_VERSION } from "./migrations.js";
import { openDatabase, SqliteStore } from "./sqlite-store.js";

/** The step that creates the per-hour order counts (a step with several tables and triggers). */
const ORDER_COUNTS_STEP = 3;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "opentt-store-"));
  dirs.push(d);
  return d;
}

describe("migrations", () => {
  it("bring a new database to the latest version, in WAL mode", () => {
    const db = openDatabase({ dataDir: dir() });
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("run each step once: reopening changes nothing and keeps the data", () => {
    const d = dir();
    const first = new SqliteStore(openDatabase({ dataDir: d }));
    first.meta.set("seq", "41");
    first.close();
    const db = openDatabase({ dataDir: d });
    expect(migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    expect(new SqliteStore(db).meta.get("seq")).toBe("41");
    db.close();
  });

  it("leave a database whose step fails at the version before it, and retry the step next time", () => {
    const db = new Database(":memory:");
    migrate(db, ORDER_COUNTS_STEP - 1);
    // Something in the way of the order-counts step's second table: its first must not stay behind.
    db.exec("CREATE TABLE order_counts_location (x)");
    expect(() => migrate(db)).toThrow();
    expect(db.pragma("user_version", { simple: true })).toBe(ORDER_COUNTS_STEP - 1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'order_counts_type'").all()).toEqual([]);
    db.exec("DROP TABLE order_counts_location");
    expect(migrate(db)).toEqual({ from: ORDER_COUNTS_STEP - 1, to: SCHEMA_VERSION });
    expect(() => migrate(db, SCHEMA_VERSION + 1)).toThrow(RangeError);
    db.close();
  });

  it("upgrade an old database step by step", () => {
    const file = path.join(dir(), "old.db");
    const db = new Database(file);
    expect(migrate(db, 1)).toEqual({ from: 0, to: 1 });
    db.prepare("INSERT INTO meta (key, value) VALUES ('seq', '7')").run();
    expect(migrate(db)).toEqual({ from: 1, to: SCHEMA_VERSION });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'seq'").pluck().get()).toBe("7");
    db.close();
  });

  it("count the orders of a database from before the per-hour counts (step 3)", () => {
    const db = new Database(":memory:");
    migrate(db, 2);
    const insert = db.prepare(
      "INSERT INTO orders (uuid, name, order_type, location_name, state, created, state_changed) VALUES (?, ?, ?, ?, 'cleared', ?, 0)",
    );
    const hour = 3_600_000;
    const start = Date.UTC(2026, 10, 1, 5, 30);
    for (let i = 0; i < 500; i++) {
      const loc = i % 7 === 0 ? null : String(i % 5);
      insert.run(`u${i}`, String(i), i % 3 ? "TO_GO" : "ON_PREMISE", loc, start + i * 401_017);
    }
    expect(migrate(db)).toEqual({ from: 2, to: SCHEMA_VERSION });
    expect(db.prepare("SELECT sum(n) FROM order_counts_type").pluck().get()).toBe(500);
    const orders = new SqliteStore(db).orders;
    const filters = [
      {},
      { orderType: "TO_GO" as const },
      { locationName: "3" },
      { locationName: "0", orderType: "ON_PREMISE" as const },
      { createdAfter: start + 2 * hour + 1, createdBefore: start + 40 * hour - 7 },
      { createdAfter: start + 5 * hour + 17, orderType: "TO_GO" as const, locationName: "4" },
      { createdBefore: start + 9 * hour + 999 },
    ];
    for (const f of filters) {
      const where = [
        f.createdAfter === undefined ? "" : `created >= ${f.createdAfter}`,
        f.createdBefore === undefined ? "" : `created < ${f.createdBefore}`,
        f.orderType === undefined ? "" : `order_type = '${f.orderType}'`,
        f.locationName === undefined ? "" : `location_name = '${f.locationName}'`,
      ].filter(Boolean);
      const sql = `SELECT count(*) FROM orders ${where.length ? `WHERE ${where.join(" AND ")}` : ""}`;
      expect(orders.history({ offset: 0, limit: 1, ...f }).total, JSON.stringify(f)).toBe(
        db.prepare(sql).pluck().get(),
      );
    }
    db.close();
  });

  it("refuse a database written by a newer opentt", () => {
    const db = new Database(":memory:");
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this opentt knows/);
    db.close();
  });

  it("allow one active order per name, and any number in history", () => {
    const db = openDatabase({ dataDir: ":memory:" });
    const insert = db.prepare(
      "INSERT INTO orders (uuid, name, order_type, state, created, state_changed) VALUES (?, '5', 'TO_GO', ?, 0, 0)",
    );
    insert.run("a", "cleared");
    insert.run("b", "cleared");
    insert.run("c", "started");
    expect(() => insert.run("d", "located")).toThrow(/UNIQUE/);
    db.close();
  });

  it("step 4 adds the ready mark to stored orders (null) and an empty floor plan", () => {
    const db = new Database(":memory:");
    migrate(db, 3);
    db.exec(`INSERT INTO orders (uuid, name, order_type, state, created, state_changed)
             VALUES ('u1', '5', 'TO_GO', 'started', 1, 1)`);
    migrate(db);
    const store = new SqliteStore(db);
    expect(store.orders.loadActive()[0]).toMatchObject({ name: "5", readyAt: null });
    expect(store.floorplan.load()).toEqual({ version: 0, body: "" });
    db.close();
  });
});
