// Nightly backups (issue 20.3): one copy per local day from 03:00 on the gateway's clock, the
// newest N kept, other files in the folder left alone, a failure logged with what to do.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import { NightlyBackup } from "../../src/ops/nightly-backup.js";
import { openDatabase } from "../../src/store/sqlite-store.js";
import { startTestGateway } from "../helpers/gateway.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { waitUntil } from "../helpers/wait.js";

const tempDir = tempDirs("opentt-nightly-");

function logger() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: "info" }, { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { log, lines };
}

describe("NightlyBackup", () => {
  it("writes one copy per local day from 03:00 and keeps the newest N", async () => {
    const db = openDatabase({ dataDir: tempDir() });
    db.prepare("INSERT INTO meta (key, value) VALUES ('marker', 'x')").run();
    const dir = tempDir();
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 1, 30));
    const { log, lines } = logger();
    const nightly = new NightlyBackup({ db, dir, keep: 3, clock, zone: () => "+02:00", logger: log });

    // 01:30 UTC is 03:30 at +02:00: due.
    await nightly.tick();
    expect(readdirSync(dir).sort()).toEqual(["notes.txt", "opentt-2026-01-15.db"]);
    const copy = new Database(path.join(dir, "opentt-2026-01-15.db"), { readonly: true });
    expect(copy.prepare("SELECT value FROM meta WHERE key = 'marker'").pluck().get()).toBe("x");
    copy.close();
    // Once a day.
    clock.advance(3_600_000);
    expect(nightly.tick()).toBeUndefined();
    // 00:30 local on the 16th: not yet.
    clock.set(Date.UTC(2026, 0, 15, 22, 30));
    expect(nightly.tick()).toBeUndefined();
    for (let day = 16; day <= 20; day++) {
      clock.set(Date.UTC(2026, 0, day, 1, 0));
      await nightly.tick();
    }
    expect(readdirSync(dir).sort()).toEqual([
      "notes.txt",
      "opentt-2026-01-18.db",
      "opentt-2026-01-19.db",
      "opentt-2026-01-20.db",
    ]);
    expect(lines.filter((l) => l.msg === "nightly backup written")).toHaveLength(6);
    db.close();
  });

  it("logs a failure with what to do, and does not retry it every second", async () => {
    const db = openDatabase({ dataDir: tempDir() });
    const notDir = path.join(tempDir(), "file");
    writeFileSync(notDir, "");
    const { log, lines } = logger();
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 4, 0));
    const nightly = new NightlyBackup({ db, dir: notDir, keep: 2, clock, zone: () => "UTC", logger: log });
    await nightly.tick();
    const err = lines.find((l) => l.level === 50);
    expect(err?.msg).toMatch(/nightly backup failed: check that the backup folder exists, is writable/);
    expect(nightly.tick()).toBeUndefined();
    expect(() => new NightlyBackup({ db, dir: notDir, keep: 0, clock, zone: () => "UTC", logger: log })).toThrow(
      /--backup-keep/,
    );
    db.close();
  });

  it("runs in the gateway on its (simulated) clock with --backup-dir", async () => {
    const dir = tempDir();
    const t = await startTestGateway({ backupDir: dir, backupKeep: 2 });
    try {
      const sim = t.gateway.ctx.sim;
      if (!sim) throw new Error("the test gateway runs with --sim");
      const zone = t.gateway.ctx.settings.zone;
      // Forward to 03:30 local time of a later day, whatever the hour now.
      const { parseLocal, formatLocal } = await import("../../src/protocol/local-time.js");
      const tomorrow = formatLocal(sim.clock.now() + 86_400_000, zone).slice(0, 10);
      const target = parseLocal(`${tomorrow}T03:30:00`, zone) as number;
      sim.clock.advance(target - sim.clock.now());
      t.gateway.ctx.maintain();
      await waitUntil(() => existsSync(path.join(dir, `opentt-${tomorrow}.db`)), "the nightly backup file");
    } finally {
      await t.stop();
    }
  });
});
