// Upgrades (issue 20.4): a database left by every earlier schema version (the SQL dumps in
// test/fixtures/schema, made by scripts/make-schema-fixtures.mjs) opens in this version with
// every row kept and serves; a newer one is refused without a byte changed; a migration killed
// midway leaves the old version usable.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SCHEMA_VERSION } from "../../src/store/migrations.js";
import { openDatabase } from "../../src/store/sqlite-store.js";
import { call, startTestGateway } from "../helpers/gateway.js";
import { assertBuilt, ROOT } from "../helpers/spawn.js";

const FIXTURES = path.join(ROOT, "test/fixtures/schema");
/** The token whose hash the fixtures hold (scripts/make-schema-fixtures.mjs). */
const TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef";
/** A minute after the fixtures' last order change. */
const FIXTURE_NOW = Date.UTC(2026, 2, 1, 11, 0) + 50 * 3_600_000 + 180_000;
const OLD_VERSIONS = Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A data folder holding the database an opentt of schema version k left. */
function folderAt(k: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), `opentt-v${k}-`));
  dirs.push(dir);
  const db = new Database(path.join(dir, "opentt.db"));
  db.exec(readFileSync(path.join(FIXTURES, `v${k}.sql`), "utf8"));
  db.close();
  return dir;
}

type Rows = Record<string, Array<Record<string, unknown>>>;

/** Every row of every table, by table, each row with the given columns only. */
function rowsOf(db: Database.Database, columns?: Record<string, string[]>): Rows {
  const out: Rows = {};
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const t of columns ? Object.keys(columns) : tables) {
    const cols = columns?.[t]?.map((c) => `"${c}"`).join(", ") ?? "*";
    // A WITHOUT ROWID table (the per-hour order counts) is ordered by its primary key instead.
    const withoutRowid = (db.prepare("SELECT wr FROM pragma_table_list WHERE name = ?").pluck().get(t) as number) === 1;
    const order = withoutRowid ? "" : " ORDER BY rowid";
    out[t] = db.prepare(`SELECT ${cols} FROM "${t}"${order}`).all() as Array<Record<string, unknown>>;
  }
  return out;
}

describe("upgrades", () => {
  it("have a fixture for every earlier schema version", () => {
    const have = readdirSync(FIXTURES)
      .filter((f) => /^v\d+\.sql$/.test(f))
      .map((f) => Number(f.slice(1, -4)))
      .sort((a, b) => a - b);
    expect(have).toEqual(OLD_VERSIONS);
  });

  for (const k of OLD_VERSIONS) {
    it(`open a version ${k} database with every row kept, and serve it`, async () => {
      const dir = folderAt(k);
      const old = new Database(path.join(dir, "opentt.db"), { readonly: true });
      expect(old.pragma("user_version", { simple: true })).toBe(k);
      const before = rowsOf(old);
      old.close();
      expect(before.orders).toHaveLength(43);

      const db = openDatabase({ dataDir: dir });
      expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const columns = Object.fromEntries(Object.entries(before).map(([t, rows]) => [t, Object.keys(rows[0] ?? {})]));
      expect(rowsOf(db, columns)).toEqual(before);
      db.close();

      // The gateway's clock at the fixtures' own time: retention would purge orders of a past year.
      const t = await startTestGateway({ dataDir: dir }, { wallClock: () => FIXTURE_NOW });
      try {
        const active = await call(t.base, "GET", "/api/v2/activeorders", { token: TOKEN });
        expect(active.status).toBe(200);
        expect((active.body.items as Array<{ name: string }>).map((o) => o.name).sort()).toEqual(["7", "8", "9"]);
        const history = await call(t.base, "GET", "/api/v2/orders?limit=100", { token: TOKEN });
        expect(history.body).toMatchObject({ status: 200, total: 43 });
        const settings = await call(t.base, "GET", "/api/v2/gateway/settings", { token: TOKEN });
        expect(settings.body.settings).toMatchObject({ targetTimeDefault: 600, timezone: "Europe/Berlin" });
        expect(t.gateway.ctx.identity.serial).toBe("A1B2C3D4E5F6");
      } finally {
        await t.stop({ keepData: true });
      }
    });
  }

  it("refuse a database from a newer opentt without changing a byte of it", () => {
    const dir = folderAt(SCHEMA_VERSION - 1);
    const file = path.join(dir, "opentt.db");
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const bytes = readFileSync(file);
    expect(() => openDatabase({ dataDir: dir })).toThrow(
      new RegExp(`schema is version ${SCHEMA_VERSION + 1}, newer than this opentt knows.*upgrade opentt`),
    );
    expect(readFileSync(file)).toEqual(bytes);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  for (const k of OLD_VERSIONS) {
    it(`leave a version ${k} database usable when the migration to ${k + 1} is killed midway`, async () => {
      assertBuilt();
      const dir = folderAt(k);
      const file = path.join(dir, "opentt.db");
      const child = spawn(process.execPath, [path.join(ROOT, "test/ops/migrate-child.mjs"), file], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = new Promise((resolve) => child.once("exit", resolve));
      await new Promise<void>((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`the migration ended (${code}) before its step`)));
        createInterface({ input: child.stdout }).on("line", (l) => l === "in step" && resolve());
      });
      child.kill("SIGKILL");
      await exited;

      const old = new Database(file);
      expect(old.pragma("user_version", { simple: true })).toBe(k);
      expect(old.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(old.prepare("SELECT count(*) FROM orders").pluck().get()).toBe(43);
      old.close();
      const db = openDatabase({ dataDir: dir });
      expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
      db.close();
    });
  }
});
