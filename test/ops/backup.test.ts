// Backup and restore (issue 20.3): `opentt backup` copies a running gateway's database while a
// client keeps writing, and the copy holds every order acknowledged before it began;
// `opentt restore` refuses a running gateway, foreign files and newer schemas, keeps the old
// database aside, and the restored folder serves again.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { backupDatabase, DB_FILE } from "../../src/store/backup.js";
import { SCHEMA_VERSION } from "../../src/store/migrations.js";
import { start } from "../cli/run.js";
import { call } from "../helpers/gateway.js";
import { type SpawnedGateway, spawnedGateways } from "../helpers/spawn.js";
import { waitUntil } from "../helpers/wait.js";

const { start: startGateway, tempDir } = spawnedGateways("opentt-backup-");

async function gatewayWithToken(dir: string): Promise<{ g: SpawnedGateway; token: string }> {
  const g = await startGateway(dir);
  g.proc.kill("SIGUSR1");
  const token = await waitUntil(async () => {
    const r = await call(g.base, "GET", "/api/v2/accesstoken/generate?name=pos");
    return r.status === 201 ? (r.body.token as { token: string }).token : undefined;
  }, "the token window to open after SIGUSR1");
  return { g, token };
}

/** One client creating and clearing orders one after another; records what was acknowledged. */
function writeLoop(g: SpawnedGateway, token: string) {
  const acked: string[] = [];
  let sent = 0;
  let stop = false;
  let failure: unknown;
  const done = (async () => {
    while (!stop) {
      const name = String(++sent);
      const r = await call(g.base, "POST", "/api/v2/activeorders", { token, body: { name, orderType: "TO_GO" } });
      if (r.status !== 201) throw new Error(`order ${name}: ${r.status} ${JSON.stringify(r.body)}`);
      acked.push((r.body.activeorder as { uuid: string }).uuid);
      const d = await call(g.base, "DELETE", `/api/v2/activeorders/${name}`, { token });
      if (d.status !== 200) throw new Error(`clear ${name}: ${d.status}`);
    }
  })().catch((e) => {
    failure = e;
  });
  return {
    /** uuids in acknowledgment order; the probe fails the test as soon as the loop does. */
    get acked(): string[] {
      if (failure) throw failure;
      return acked;
    },
    sent: () => sent,
    stop: async () => {
      stop = true;
      await done;
      if (failure) throw failure;
    },
  };
}

const uuidsIn = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    return new Set(db.prepare("SELECT uuid FROM orders").pluck().all() as string[]);
  } finally {
    db.close();
  }
};

describe("opentt backup", () => {
  it("copies a running gateway under a write loop: writes flow during the copy, which holds every order acknowledged before it", async () => {
    const dir = tempDir();
    const { g, token } = await gatewayWithToken(dir);
    const loop = writeLoop(g, token);
    await waitUntil(() => loop.acked.length >= 20, "20 orders acknowledged");

    const dest = path.join(tempDir(), "snap.db");
    const ackedBefore = [...loop.acked];
    let sentAtSnapshot = 0;
    let ackedDuring = 0;
    await backupDatabase(path.join(dir, DB_FILE), dest, {
      // The snapshot is fixed and the copy not made yet: the gateway must keep acknowledging.
      onSnapshot: async () => {
        sentAtSnapshot = loop.sent();
        const n = loop.acked.length;
        await waitUntil(() => loop.acked.length >= n + 10, "10 more orders while the backup runs");
        ackedDuring = loop.acked.length - n;
      },
    });
    expect(ackedDuring).toBeGreaterThanOrEqual(10);

    const inCopy = uuidsIn(dest);
    for (const u of ackedBefore) expect(inCopy.has(u)).toBe(true);
    // One moment: orders first sent after the snapshot are not in it.
    const after = loop.acked.slice(sentAtSnapshot);
    expect(after.length).toBeGreaterThan(0);
    for (const u of after) expect(inCopy.has(u)).toBe(false);
    // The copy is one file: no WAL mode, nothing beside it.
    expect(existsSync(`${dest}-wal`)).toBe(false);
    expect(readFileSync(dest).subarray(18, 20)).toEqual(Buffer.from([1, 1]));

    // The command line does the same while the loop still runs.
    const cliDest = path.join(tempDir(), "cli.db");
    const beforeCli = [...loop.acked];
    const run = start(["backup", cliDest, "--data", dir]);
    expect(await run.code).toBe(0);
    expect(run.out()).toMatch(/^Backup written to .*cli\.db: \d+ orders, schema version \d+/);
    await loop.stop();
    const inCli = uuidsIn(cliDest);
    for (const u of beforeCli) expect(inCli.has(u)).toBe(true);

    // Restore refuses while the gateway runs, and changes nothing.
    const live = start(["restore", dest, "--data", dir]);
    expect(await live.code).toBe(1);
    expect(live.err()).toMatch(/A gateway is running on .* \(pid \d+\): stop it first/);

    g.proc.kill("SIGTERM");
    await g.exited;
    const kept = uuidsIn(path.join(dir, DB_FILE));
    const ok = start(["restore", dest, "--data", dir, "--json"]);
    expect(await ok.code).toBe(0);
    const result = JSON.parse(ok.out()) as { keptAs: string; orders: number };
    expect(result.orders).toBe(inCopy.size);
    // The replaced database is kept, whole.
    expect(uuidsIn(result.keptAs)).toEqual(kept);
    expect(uuidsIn(path.join(dir, DB_FILE))).toEqual(inCopy);

    // The restored folder serves, with the token the backup held.
    const again = await startGateway(dir);
    const active = await call(again.base, "GET", "/api/v2/activeorders", { token });
    expect(active.status).toBe(200);
    again.proc.kill("SIGTERM");
    await again.exited;
  });

  it("says what to do when the data folder has no database", async () => {
    const run = start(["backup", path.join(tempDir(), "x.db"), "--data", tempDir()]);
    expect(await run.code).toBe(1);
    expect(run.err()).toMatch(/No database at .*: give the gateway's data folder with --data/);
  });
});

describe("opentt restore refuses", () => {
  function folderWithDatabase(): { dir: string; bytes: Buffer } {
    const dir = tempDir();
    const db = new Database(path.join(dir, DB_FILE));
    db.exec("CREATE TABLE keep (x); INSERT INTO keep VALUES (1)");
    db.close();
    return { dir, bytes: readFileSync(path.join(dir, DB_FILE)) };
  }

  async function refused(file: string, message: RegExp) {
    const { dir, bytes } = folderWithDatabase();
    const run = start(["restore", file, "--data", dir]);
    expect(await run.code).toBe(1);
    expect(run.err()).toMatch(message);
    expect(readFileSync(path.join(dir, DB_FILE))).toEqual(bytes);
  }

  it("a file that is not a database", async () => {
    const file = path.join(tempDir(), "notes.txt");
    writeFileSync(file, "shopping list\n");
    await refused(file, /notes\.txt is not an opentt backup \(not an SQLite database\)/);
  });

  it("an SQLite database of another program", async () => {
    const file = path.join(tempDir(), "other.db");
    const db = new Database(file);
    db.exec("CREATE TABLE songs (title TEXT)");
    db.close();
    await refused(file, /other\.db is an SQLite database but not an opentt backup/);
  });

  it("a backup from a newer schema", async () => {
    const made = tempDir();
    const { openDatabase } = await import("../../src/store/sqlite-store.js");
    openDatabase({ dataDir: made }).close();
    const file = path.join(tempDir(), "future.db");
    copyFileSync(path.join(made, DB_FILE), file);
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    await refused(
      file,
      new RegExp(`future\\.db is from a newer opentt \\(schema version ${SCHEMA_VERSION + 1}.*upgrade opentt first`),
    );
  });

  it("a file that is not there", async () => {
    await refused(path.join(tempDir(), "missing.db"), /No file at .*missing\.db/);
  });
});
