// Runs every doctor check for one data folder and returns them in a fixed order.
import { readFileSync } from "node:fs";
import path from "node:path";
import { DB_FILE } from "../../store/backup.js";
import { runningGateway } from "../pid-file.js";
import { type CheckResult, fail, pass, skip } from "./check.js";
import { boundCloudUrl, checkCloud } from "./cloud.js";
import { checkMdns, checkPortFree, checkReachable, ipv4Interfaces } from "./network.js";
import { checkClock, checkDataFolder, checkRadio, checkTokenFile } from "./system.js";

export interface DoctorOptions {
  dataDir: string;
  /** The port a gateway not running yet would use. */
  port: number;
  env: NodeJS.ProcessEnv;
  /** How long each network check waits for answers. */
  timeoutMs: number;
  now?: () => number;
}

export async function runDoctor(o: DoctorOptions): Promise<CheckResult[]> {
  const now = o.now ?? Date.now;
  const dbFile = path.join(o.dataDir, DB_FILE);
  const results: CheckResult[] = [];
  const live = runningGateway(o.dataDir);
  const interfaces = ipv4Interfaces();

  if (live) {
    results.push(pass("gateway", `a gateway runs on ${o.dataDir} (pid ${live.pid}, port ${live.port})`));
    const reach = await Promise.all(interfaces.map((i) => checkReachable(i, live.port, live.host, o.timeoutMs)));
    results.push(...reach);
    results.push(...(await checkMdns(interfaces, live.port, o.timeoutMs)));
    const radio = await radioOnline(live.port, o.env.OPENTT_TOKEN, o.timeoutMs);
    results.push(checkRadio(radio.online, radio.why));
  } else {
    results.push(
      fail(
        "gateway",
        `no gateway runs on ${o.dataDir}`,
        "start it (`sudo systemctl start opentt`, or `opentt gateway --data <folder>`); the log says why it stopped (`journalctl -u opentt`)",
      ),
    );
    results.push(await checkPortFree(o.port));
    for (const id of ["mdns", "radio"]) results.push(skip(id, "needs the running gateway"));
  }
  results.push(...checkDataFolder(o.dataDir));
  // The gateway's own trust: OPENTT_CLOUD_CA (its --cloud-ca) beside the public roots.
  const ca = o.env.OPENTT_CLOUD_CA ? readCa(o.env.OPENTT_CLOUD_CA) : undefined;
  const cloud = await checkCloud(boundCloudUrl(dbFile), now(), o.timeoutMs, ca);
  results.push(checkClock(now(), dbFile, cloud.skewMs));
  results.push(...cloud.results);
  results.push(checkTokenFile(o.env));
  return results;
}

/** The radio's state from the gateway's own /metrics, asked over loopback. */
async function radioOnline(
  port: number,
  token: string | undefined,
  timeoutMs: number,
): Promise<{ online?: boolean; why?: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status !== 200) return { why: `GET /metrics answered ${res.status}: set OPENTT_TOKEN` };
    const m = /^opentt_radio_online (\d)/m.exec(await res.text());
    return m ? { online: m[1] === "1" } : { why: "GET /metrics has no opentt_radio_online" };
  } catch (e) {
    return { why: (e as Error).message };
  }
}

function readCa(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // the cloud-cert check then fails and says to check the certificate
  }
}
