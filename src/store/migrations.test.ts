// The store's schema (issue 2.4): versioned migrations run once at start, in WAL mode; a
// database from a newer opentt is refused rather than damaged; data survives reopening.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, SCHEMA_VERSION } from "./migrations.js";
import { openDatabase, SqliteStore } from "./sqlite-store.js";

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

  it("upgrade an old database step by step", () => {
    const file = path.join(dir(), "old.db");
    const db = new Database(file);
    migrate(db);
    db.pragma("user_version = 1");
    db.exec("DROP TABLE cloud_outbox; DROP TABLE cloud_binding;");
    db.prepare("INSERT INTO meta (key, value) VALUES ('seq', '7')").run();
    expect(migrate(db)).toEqual({ from: 1, to: SCHEMA_VERSION });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'seq'").pluck().get()).toBe("7");
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
});
