// Soak (issue 9 §4): mixed REST and WebSocket load against the real gateway (`bin/opentt.js`,
// its own process, on loopback) for --minutes (default 10), with subscribers coming and going.
// Reports the error count (target 0) and the gateway's RSS growth after warm-up (target < 10%),
// then stops itself. Run: `npm run bench:soak -- --minutes 2`. Options: --minutes, --warmup
// (seconds), --rate (REST requests/s), --subscribers, --json <file>; to tell a leak from a
// working set, --probe <dir> loads bench/soak-probe.mjs into the gateway (V8 heap, external,
// anonymous vs file RSS, SQLite files, every 5 s) and --snapshots <s,s,...> takes heap
// snapshots into <dir> at those seconds of the run.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import WebSocket from "ws";
import { gatewayNodeFlags } from "./lib/paths.js";

interface Options {
  minutes: number;
  warmupSeconds: number;
  rate: number;
  subscribers: number;
  json?: string;
  probe?: string;
  snapshots: number[];
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const minutes = Number(get("minutes") ?? 10);
  const o: Options = {
    minutes,
    warmupSeconds: Number(get("warmup") ?? Math.min(60, minutes * 12)),
    rate: Number(get("rate") ?? 150),
    subscribers: Number(get("subscribers") ?? 40),
    json: get("json"),
    probe: get("probe"),
    snapshots: (get("snapshots") ?? "").split(",").filter(Boolean).map(Number),
  };
  if (o.snapshots.length && !o.probe) throw new TypeError("--snapshots needs --probe <dir>");
  for (const [k, v] of Object.entries(o)) {
    if (!["json", "probe", "snapshots"].includes(k) && !(typeof v === "number" && v > 0))
      throw new TypeError(`--${k} must be a positive number`);
  }
  if (o.warmupSeconds >= o.minutes * 60) throw new TypeError("--warmup must be shorter than the run");
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const ROOT = process.cwd();
const BIN = path.join(ROOT, "bin/opentt.js");
if (!existsSync(path.join(ROOT, "dist/cli/main.js"))) throw new Error("run `npm run build` first (dist/ is missing)");

const counts = {
  rest: 0,
  restErrors: 0,
  wsConnects: 0,
  wsFrames: 0,
  wsErrors: 0,
  seqGaps: 0,
  gatewayErrorLogs: 0,
};
const byStatus = new Map<number, number>();
const errorSamples: string[] = [];
function error(kind: "restErrors" | "wsErrors" | "seqGaps", what: string): void {
  counts[kind]++;
  if (errorSamples.length < 20) errorSamples.push(`${kind}: ${what}`);
}

// ---- the gateway under test

const dataDir = mkdtempSync(path.join(tmpdir(), "opentt-soak-"));
if (opts.probe) mkdirSync(opts.probe, { recursive: true });
const probeArgs = opts.probe ? ["--import", path.join(ROOT, "bench/soak-probe.mjs")] : [];
const gw: ChildProcess = spawn(
  process.execPath,
  [
    ...gatewayNodeFlags(),
    ...probeArgs,
    BIN,
    "gateway",
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    "--data",
    dataDir,
    "--sim",
    "--no-mdns",
  ],
  {
    stdio: ["ignore", "pipe", "inherit"],
    env: opts.probe ? { ...process.env, OPENTT_SOAK_PROBE: path.resolve(opts.probe) } : process.env,
  },
);
const port = await new Promise<number>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("the gateway did not start")), 30_000);
  createInterface({ input: gw.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof e.level === "number" && e.level >= 50) {
      counts.gatewayErrorLogs++;
      if (errorSamples.length < 20) errorSamples.push(`gateway log: ${line.slice(0, 300)}`);
    }
    const m = /:(\d+)\/$/.exec(String(e.url ?? ""));
    if (m && String(e.msg).startsWith("opentt gateway serving")) {
      clearTimeout(timer);
      resolve(Number(m[1]));
    }
  });
  gw.once("exit", (code) => reject(new Error(`the gateway exited (${code})`)));
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function request(
  method: string,
  route: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (payload) headers["content-type"] = "application/json";
    if (token) headers.authorization = `Bearer ${token}`;
    const req = http.request({ host: "127.0.0.1", port, method, path: route, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(payload);
  });
}

await request("POST", "/admin/button");
const minted = await request("GET", "/api/v2/accesstoken/generate?name=soak");
const token = ((minted.json as { token?: { token?: string } })?.token?.token ?? "") as string;
if (!token) throw new Error(`could not mint a token: ${JSON.stringify(minted.json)}`);

// ---- load

const startedAt = Date.now();
const endAt = startedAt + opts.minutes * 60_000;
let running = true;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const orderName = () => String(1 + Math.floor(Math.random() * 300));

/** One REST step; 404 (-6) and 409 (-14) are normal answers for a random name, not errors. */
async function restStep(): Promise<void> {
  const n = orderName();
  const table = String(1 + Math.floor(Math.random() * 40));
  // /sim/trackers replies carry the tracker itself, whose own `status` field shadows the
  // envelope's (kept by the SDK and test/helpers/contract.ts); they are checked by returnCode.
  const steps: Array<() => Promise<{ status: number; json: unknown }>> = [
    () => request("POST", "/api/v2/activeorders", { name: n, orderType: pick(["TO_GO", "ON_PREMISE"]) }, token),
    () => request("POST", "/api/v2/activeorders", { name: n, locationName: table, orderType: "ON_PREMISE" }, token),
    () => request("GET", "/api/v2/activeorders", undefined, token),
    () => request("GET", `/api/v2/activeorders/${n}`, undefined, token),
    () => request("DELETE", `/api/v2/activeorders/${n}`, undefined, token),
    () => request("POST", `/api/v2/activeorders/${n}/page`, { tracking: false }, token),
    () => request("GET", "/api/v2/orders?limit=25", undefined, token),
    () => request("GET", "/api/v2/statistics", undefined, token),
    () => request("POST", `/sim/trackers/${n}/start`),
    () => request("POST", `/sim/trackers/${n}/locate`, { table }),
    () => request("POST", `/sim/trackers/${n}/clear`),
  ];
  try {
    const r = await pick(steps)();
    counts.rest++;
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    const env = r.json as { status?: unknown; returnCode?: number } | undefined;
    const expected = r.status < 400 || (r.status === 404 && env?.returnCode === -6) || r.status === 409;
    const envelope = env?.status === r.status || (env?.returnCode === 18 && r.status === 200);
    if (!expected || !envelope) error("restErrors", `${r.status} ${JSON.stringify(r.json)}`);
  } catch (e) {
    error("restErrors", String(e));
  }
}

async function restWorker(intervalMs: number): Promise<void> {
  while (running) {
    const t0 = Date.now();
    await restStep();
    await sleep(Math.max(0, intervalMs - (Date.now() - t0)));
  }
}

/** A subscriber that checks seq continuity and lives for a random while. */
function subscriber(): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v2/websocket`);
    counts.wsConnects++;
    let seq = -1;
    let leaving = false;
    const life = setTimeout(
      () => {
        leaving = true;
        ws.close(1000);
      },
      2_000 + Math.random() * 20_000,
    );
    ws.on("open", () => ws.send(JSON.stringify({ accesstoken: token })));
    ws.on("message", (data) => {
      counts.wsFrames++;
      const f = JSON.parse(data.toString()) as { type: string; seq: number };
      if (f.type === "ACTIVE_ORDERS") seq = f.seq;
      else if (seq < 0) error("wsErrors", `delta before snapshot: ${f.type}`);
      else if (f.seq !== seq + 1) error("seqGaps", `expected ${seq + 1}, got ${f.seq}`);
      else seq = f.seq;
    });
    ws.on("error", (e) => {
      if (!leaving) error("wsErrors", String(e));
    });
    ws.on("close", (code) => {
      clearTimeout(life);
      if (!leaving && running) error("wsErrors", `closed by the gateway: ${code}`);
      resolve();
    });
    const stop = setInterval(() => {
      if (!running) {
        leaving = true;
        clearInterval(stop);
        ws.close(1000);
      }
    }, 500);
    ws.once("close", () => clearInterval(stop));
  });
}

async function subscriberSlot(): Promise<void> {
  while (running) await subscriber();
}

// ---- memory

const rss: Array<{ t: number; kib: number }> = [];
function sampleRss(): void {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${gw.pid}/status`, "utf8"));
    if (m) rss.push({ t: (Date.now() - startedAt) / 1000, kib: Number(m[1]) });
  } catch {}
}
const sampler = setInterval(sampleRss, 5_000);
/** The gateway's CPU time (user + system, 10 ms ticks), to weigh memory settings against CPU. */
function cpuSeconds(): number {
  try {
    const fields = readFileSync(`/proc/${gw.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
const snapshotTimers = opts.snapshots.map((s) => setTimeout(() => gw.kill("SIGUSR2"), s * 1000));

const workers = 8;
const load = [
  ...Array.from({ length: workers }, () => restWorker((workers * 1000) / opts.rate)),
  ...Array.from({ length: opts.subscribers }, () => subscriberSlot()),
];
const progress = setInterval(() => {
  const last = rss[rss.length - 1];
  console.error(
    `[soak] ${Math.round((Date.now() - startedAt) / 1000)} s: ${counts.rest} requests, ${counts.wsConnects} ws connects, ` +
      `errors ${counts.restErrors + counts.wsErrors + counts.seqGaps}, rss ${last ? Math.round(last.kib / 1024) : "?"} MiB`,
  );
}, 30_000);
// Bounded: whatever happens, the process ends a minute after the run should have.
setTimeout(
  () => {
    console.error("[soak] did not stop in time; exiting");
    process.exit(2);
  },
  endAt - Date.now() + 60_000,
).unref();

await sleep(endAt - Date.now());
sampleRss();
running = false;
clearInterval(sampler);
clearInterval(progress);
for (const t of snapshotTimers) clearTimeout(t);
await Promise.all(load);
agent.destroy();
const gatewayCpuSeconds = cpuSeconds();
gw.kill("SIGTERM");
const exitCode = await new Promise<number | null>((r) => gw.once("exit", (c) => r(c)));
rmSync(dataDir, { recursive: true, force: true });

// ---- report

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const after = rss.filter((s) => s.t >= opts.warmupSeconds);
const baseline = mean(after.slice(0, 3).map((s) => s.kib));
const final = mean(after.slice(-3).map((s) => s.kib));
const growth = baseline > 0 ? ((final - baseline) / baseline) * 100 : Number.NaN;
const errors = counts.restErrors + counts.wsErrors + counts.seqGaps + counts.gatewayErrorLogs;
const report = {
  minutes: opts.minutes,
  warmupSeconds: opts.warmupSeconds,
  rateTarget: opts.rate,
  subscribers: opts.subscribers,
  ...counts,
  restPerSecond: Math.round(counts.rest / (opts.minutes * 60)),
  statuses: Object.fromEntries([...byStatus].sort((a, b) => a[0] - b[0])),
  errors,
  rssAfterWarmupMiB: Math.round((baseline / 1024) * 10) / 10,
  rssFinalMiB: Math.round((final / 1024) * 10) / 10,
  rssMaxMiB: Math.round((Math.max(...rss.map((s) => s.kib)) / 1024) * 10) / 10,
  rssGrowthPercent: Math.round(growth * 10) / 10,
  gatewayCpuSeconds,
  gatewayExitCode: exitCode,
  errorSamples,
};
console.log(JSON.stringify(report, null, 2));
if (opts.json) writeFileSync(opts.json, JSON.stringify(report, null, 2));
const ok = errors === 0 && growth < 10 && exitCode === 0;
console.error(ok ? "[soak] PASS: 0 errors, RSS growth under 10%" : "[soak] FAIL");
process.exit(ok ? 0 : 1);
