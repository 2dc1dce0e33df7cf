// The box itself: the data folder (writable, space left), the clock, the saved-token file.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { defaultTokenFile } from "../../sdk/token-file.js";
import { type CheckResult, fail, pass, warn } from "./check.js";

/** Below this, the history and nightly backups can fill the disk within days. */
const MIN_FREE_BYTES = 200 * 1024 * 1024;
/** No opentt ran before this: a clock showing an earlier date was never set (a Pi without RTC). */
const CLOCK_FLOOR = Date.UTC(2026, 0, 1);
const MiB = 1024 * 1024;

export function checkDataFolder(dir: string, minFree = MIN_FREE_BYTES): CheckResult[] {
  const out: CheckResult[] = [];
  try {
    fs.mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.doctor-${process.pid}`);
    fs.writeFileSync(probe, "ok");
    fs.rmSync(probe);
    out.push(pass("data-writable", `${dir} is writable`));
  } catch (e) {
    out.push(
      fail(
        "data-writable",
        `${dir} is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        `give the gateway's user the folder: sudo chown -R opentt:opentt ${dir} (or start with --data <a writable folder>)`,
      ),
    );
    return out;
  }
  const s = fs.statfsSync(dir);
  const free = s.bavail * s.bsize;
  out.push(
    free >= minFree
      ? pass("data-space", `${Math.floor(free / MiB)} MiB free in ${dir}`)
      : fail(
          "data-space",
          `only ${Math.floor(free / MiB)} MiB free in ${dir} (needs ${Math.floor(minFree / MiB)} MiB)`,
          "free disk space: delete old backups, lower --backup-keep or the historyDays setting, or move --data to a bigger disk",
        ),
  );
  return out;
}

/**
 * The clock: not before opentt existed, not behind the newest time stored in the database (a box
 * that lost its time at boot writes orders into the past), and, when given, near the cloud's.
 */
export function checkClock(now: number, dbFile: string | undefined, cloudSkewMs?: number): CheckResult {
  const fixNtp = "set the time and keep it set: sudo timedatectl set-ntp true (a Raspberry Pi has no clock battery)";
  if (now < CLOCK_FLOOR) return fail("clock", `the clock says ${new Date(now).toISOString()}`, fixNtp);
  if (dbFile && fs.existsSync(dbFile)) {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      const newest = db.prepare("SELECT max(max(created), max(state_changed)) FROM orders").pluck().get() as
        | number
        | null;
      const offset = Number(db.prepare("SELECT value FROM meta WHERE key = 'simClockOffsetMs'").pluck().get() ?? 0);
      if (newest !== null && newest - offset > now + 60_000) {
        return fail(
          "clock",
          `the clock (${new Date(now).toISOString()}) is behind the newest order stored (${new Date(newest - offset).toISOString()})`,
          fixNtp,
        );
      }
    } catch {
      // A database this doctor cannot read is the data checks' business, not the clock's.
    } finally {
      db.close();
    }
  }
  if (cloudSkewMs !== undefined && Math.abs(cloudSkewMs) > 120_000) {
    return fail("clock", `the clock is ${Math.round(cloudSkewMs / 1000)} s off the cloud's`, fixNtp);
  }
  return pass("clock", `the clock says ${new Date(now).toISOString()}`);
}

/** The saved access tokens (opentt token): readable by their owner only. */
export function checkTokenFile(env: NodeJS.ProcessEnv): CheckResult {
  const file = defaultTokenFile(env);
  let mode: number;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    return pass("token-file", `no saved tokens at ${file}`);
  }
  if (mode & 0o077) {
    return fail(
      "token-file",
      `${file} can be read by other users (mode ${mode.toString(8)})`,
      `chmod 600 ${file}: anyone who reads it can use the gateway's API`,
    );
  }
  return pass("token-file", `${file} is private (mode ${mode.toString(8)})`);
}

/** The radio, as the running gateway reports it on /metrics. */
export function checkRadio(online: boolean | undefined, why?: string): CheckResult {
  if (online === undefined)
    return warn("radio", `could not ask the gateway (${why})`, "run the doctor on the gateway box");
  return online
    ? pass("radio", "the tracker radio is online")
    : fail(
        "radio",
        "the tracker radio is offline or none is attached",
        "check the radio is plugged in and the gateway was started with it (--radio, or --sim to try without one); the log says why it went offline",
      );
}
