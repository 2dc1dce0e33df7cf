// The running gateway leaves `opentt.pid` in its data folder, so commands that must not touch a
// live database (restore) or that check on it (doctor) can tell whether one runs there.
import fs from "node:fs";
import path from "node:path";

const PID_FILE = "opentt.pid";

export interface PidInfo {
  pid: number;
  port: number;
  host: string;
  started: string;
}

export function writePidFile(dataDir: string, info: PidInfo): void {
  fs.writeFileSync(path.join(dataDir, PID_FILE), `${JSON.stringify(info)}\n`);
}

/** Removes the file only if it is still ours (a second gateway may have replaced it). */
export function removePidFile(dataDir: string, pid: number): void {
  const info = readPidFile(dataDir);
  if (info?.pid === pid) fs.rmSync(path.join(dataDir, PID_FILE), { force: true });
}

function readPidFile(dataDir: string): PidInfo | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(dataDir, PID_FILE), "utf8")) as PidInfo;
    return Number.isInteger(v.pid) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The gateway running on dataDir, if any. A pid file left by a crash names a process that is gone,
 * or (after a reboot) some other program: both count as not running.
 */
export function runningGateway(dataDir: string): PidInfo | undefined {
  const info = readPidFile(dataDir);
  if (!info) return undefined;
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return undefined;
  }
  try {
    const cmd = fs.readFileSync(`/proc/${info.pid}/cmdline`, "utf8");
    if (!cmd.includes("opentt")) return undefined;
  } catch {
    // No /proc (macOS): the live pid is the best evidence there is.
  }
  return info;
}
