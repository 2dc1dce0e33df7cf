// Benchmark 6 — one restaurant evening on a small box (issue 21.4): 40 KDS/POS screens polling
// GET /activeorders every 3 s, 10 dashboards on the WebSocket, one order change per second
// (create → locate → clear, ~20 orders active), the history page and the statistics opened
// now and then. Reported: the gateway's CPU (% of one core, from /proc/<pid>/stat over the
// run) and its RSS at the start and end of the run, beside an identical gateway left idle.
// The length is `--minutes` (10 by default; seconds in the CI smoke).
import type { BenchContext } from "./lib/context.js";
import { rssMb, type ServerHandle, startServer } from "./lib/host.js";
import { json, request } from "./lib/http-client.js";
import { cpuMeter } from "./lib/load.js";
import { type BenchResult, metric } from "./lib/result.js";
import { Crowd } from "./lib/ws-clients.js";

const PATH = "/api/v2/activeorders";
const SCREENS = 40;
const POLL_MS = 3_000;
const DASHBOARDS = 10;
const CHANGE_MS = 1_000;
/** One history page or one statistics request, alternately, this often. */
const LOOKUP_MS = 30_000;
const ACTIVE = 20;

/** The evening's order traffic: create, locate the oldest started order, clear the oldest located. */
class Floor {
  readonly #started: string[] = [];
  readonly #located: string[] = [];
  #serial = 0;
  #step = 0;
  changes = 0;

  constructor(
    readonly port: number,
    readonly token: string,
  ) {}

  /** Opens the evening with ACTIVE orders, half of them at their table. */
  async open(): Promise<void> {
    for (let i = 0; i < ACTIVE; i++) await this.#create(i % 2 === 0 ? String(1 + (i % 40)) : undefined);
  }

  async change(): Promise<void> {
    const kind = this.#step++ % 3;
    if (kind === 1 && this.#started.length) {
      const name = this.#started.shift() as string;
      await json(this.port, "POST", PATH, {
        token: this.token,
        body: { name, locationName: String(1 + (this.#serial % 40)) },
      });
      this.#located.push(name);
    } else if (kind === 2 && this.#located.length) {
      const name = this.#located.shift() as string;
      await json(this.port, "DELETE", `${PATH}/${name}`, { token: this.token });
    } else await this.#create(undefined);
    this.changes++;
  }

  async #create(table: string | undefined): Promise<void> {
    const name = String(100 + (this.#serial++ % 900));
    const body = {
      name,
      orderType: this.#serial % 2 ? "TO_GO" : "ON_PREMISE",
      ...(table ? { locationName: table } : {}),
    };
    await json(this.port, "POST", PATH, { token: this.token, body });
    (table ? this.#located : this.#started).push(name);
  }
}

export async function benchEvening(ctx: BenchContext): Promise<BenchResult> {
  const seconds = ctx.sizes.eveningMinutes * 60;
  const busy = await startServer("gateway", { dataDir: ctx.scratch("evening") }, ctx.mode, ctx.cores.server);
  let idle: ServerHandle | undefined;
  let crowd: Crowd | undefined;
  const timers: NodeJS.Timeout[] = [];
  const errors: string[] = [];
  const guard = (p: Promise<unknown>) => p.catch((e) => errors.push(String(e)));
  try {
    idle = await startServer("gateway", { dataDir: ctx.scratch("evening-idle") }, ctx.mode, ctx.cores.server);
    const token = String(busy.info.token);
    const floor = new Floor(busy.port, token);
    await floor.open();
    crowd = await Crowd.connect(
      `ws://127.0.0.1:${busy.port}/api/v2/websocket`,
      DASHBOARDS,
      { authorization: `Bearer ${token}` },
      1,
    );
    let polls = 0;
    let lookups = 0;
    // Screens start spread over one period, as they would after a day's switching on.
    for (let s = 0; s < SCREENS; s++) {
      timers.push(
        setTimeout(
          () => {
            const poll = () =>
              guard(
                request(busy.port, "GET", PATH, { token }).then((r) => {
                  if (r.status !== 200) throw new Error(`poll answered ${r.status}`);
                  polls++;
                }),
              );
            poll();
            timers.push(setInterval(poll, POLL_MS));
          },
          (s * POLL_MS) / SCREENS,
        ),
      );
    }
    timers.push(setInterval(() => guard(floor.change()), CHANGE_MS));
    timers.push(
      setInterval(() => {
        const path = lookups++ % 2 === 0 ? "/api/v2/orders?limit=25&offset=0" : "/api/v2/statistics";
        guard(json(busy.port, "GET", path, { token }));
      }, LOOKUP_MS),
    );
    // The evening is measured after a warm-up: start-up work and the JIT are not the evening.
    const warmUp = Math.min(60, seconds / 5) * 1000;
    await new Promise((r) => setTimeout(r, warmUp));
    const rss0 = [rssMb(busy.pid), rssMb(idle.pid)] as const;
    const meters = [cpuMeter(busy.pid), cpuMeter(idle.pid)] as const;
    const changes0 = floor.changes;
    const polls0 = polls;
    let rssMax = rss0[0];
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(5_000, end - Date.now())));
      rssMax = Math.max(rssMax, rssMb(busy.pid));
    }
    const [cpuBusy, cpuIdle] = [meters[0](), meters[1]()];
    const rss1 = [rssMb(busy.pid), rssMb(idle.pid)] as const;
    for (const t of timers) clearInterval(t);
    if (errors.length) throw new Error(`evening: ${errors.length} failed requests, first: ${errors[0]}`);
    const growth = ((rss1[0] - rss0[0]) / rss0[0]) * 100;
    const idleGrowth = ((rss1[1] - rss0[1]) / rss0[1]) * 100;
    const cpuPct = cpuBusy.busy * 100;
    ctx.log(
      `  ${Math.round(cpuBusy.wall)} s: CPU ${cpuPct.toFixed(2)} % of a core (idle gateway ${(cpuIdle.busy * 100).toFixed(2)} %), RSS ${rss0[0].toFixed(1)} → ${rss1[0].toFixed(1)} MB (max ${rssMax.toFixed(1)})`,
    );
    return {
      id: "6",
      title: "Evening",
      baseline: "the same gateway, started the same way, with no clients",
      metrics: [
        metric({
          name: `CPU over ${fmtMinutes(cpuBusy.wall)}: ${SCREENS} screens polling every ${POLL_MS / 1000} s, ${DASHBOARDS} WebSocket dashboards, 1 change/s`,
          unit: "% of one core",
          value: cpuPct,
          baseline: cpuIdle.busy * 100,
          ...(cpuIdle.busy > 0 ? { ratio: cpuBusy.busy / cpuIdle.busy } : {}),
          target: "≤ 3 %",
          pass: cpuPct <= 3,
        }),
        metric({
          name: "RSS growth from the start to the end of the evening",
          unit: "%",
          value: growth,
          target: "< 5 %",
          pass: growth < 5,
        }),
        metric({
          name: "RSS at the end of the evening",
          unit: "MB",
          value: rss1[0],
          baseline: rss1[1],
          ratio: rss1[0] / rss1[1],
        }),
        metric({
          name: "RSS at the start of the evening (after the warm-up)",
          unit: "MB",
          value: rss0[0],
          baseline: rss0[1],
          ratio: rss0[0] / rss0[1],
        }),
      ],
      notes: [
        `Measured over ${Math.round(cpuBusy.wall)} s after a ${Math.round(warmUp / 1000)} s warm-up: ${polls - polls0} polls, ${floor.changes - changes0} order changes, each sent as an event to ${DASHBOARDS} dashboards; the history page and the statistics alternately every ${LOOKUP_MS / 1000} s.`,
        "CPU is the gateway process's utime + stime (every thread) ÷ wall time; the load comes from the benchmark process, on the other core.",
        `Highest RSS seen during the evening (every 5 s): ${rssMax.toFixed(1)} MB; the idle gateway's RSS grew ${idleGrowth.toFixed(2)} % over the same time.`,
      ],
    };
  } finally {
    for (const t of timers) clearInterval(t);
    await crowd?.close();
    await idle?.stop();
    await busy.stop();
  }
}

function fmtMinutes(seconds: number): string {
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds)} s`;
}
