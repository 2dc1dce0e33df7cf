// Demo traffic for `npm start`: guests arrive, take a tracker, sit down, get their food, and
// the tracker goes back on the dock; the kitchen pages a few orders. The demo runs on the
// gateway clock, so a jump of the simulated clock moves the guests too, and it writes down every
// party it has on the floor, so after a restart it finishes what it started. One party per
// table, as in a restaurant. Seeded, so two runs with the same seed tell the same story.
import type { Clock } from "../domain/clock.js";
import type { MetaStore } from "../domain/ports.js";
import type { SimulatedFloor } from "./sim-floor.js";

/** Seconds from taking a tracker to sitting down, and from sitting down to the food. */
const SIT_SECONDS = [15, 90] as const;
const SERVE_SECONDS = [60, 480] as const;
/** The longest visit the demo plays, tracker to dock: 9.5 minutes. */
export const DEMO_MAX_SECONDS = SIT_SECONDS[1] + SERVE_SECONDS[1];
const ARRIVAL_SECONDS = [8, 25] as const;
/** The kitchen pages some parties this long after they sit down (always before the food). */
const PAGE_SECONDS = [20, 60] as const;
const PAGED_SHARE = 0.15;
/** At most this share of the trackers is out with guests at once. */
const BUSY_SHARE = 0.4;

/** One party on the floor: its tracker, its table, and when each step is due (gateway clock, ms). */
export interface DemoParty {
  tracker: string;
  /** The table it is headed for; "" once seated means no table was free and it stood. */
  table: string;
  sitAt: number;
  /** null: nobody pages this party. */
  pageAt: number | null;
  leaveAt: number;
  seated: boolean;
  paged: boolean;
}

/** Where the demo keeps its parties across restarts. */
export interface DemoMemory {
  load(): DemoParty[];
  save(parties: readonly DemoParty[]): void;
}

export type DemoFloor = Pick<SimulatedFloor, "startTracker" | "locate" | "clear" | "list">;

/** An active order, as far as the demo cares: its number and, once located, its table. */
interface BusyOrder {
  name: string;
  table: string | null;
}

export interface DemoOptions {
  floor: DemoFloor;
  /** The gateway clock: every step is due at a time on it. */
  clock: Clock;
  /** Pages an order the way a kitchen display would (through the domain). */
  page: (tracker: string) => void;
  /**
   * The active orders, however they were made (a POS over REST too): their tables are taken and
   * their numbers' trackers are not the demo's to hand out.
   */
  orders?: () => readonly BusyOrder[];
  memory?: DemoMemory;
  seed?: number;
  tables?: number;
  trackers?: number;
  onError?: (e: unknown) => void;
}

/** mulberry32: small, fast and good enough for a story. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isParty = (p: unknown): p is DemoParty => {
  const o = p as Record<string, unknown> | null;
  return (
    typeof o === "object" &&
    o !== null &&
    typeof o.tracker === "string" &&
    typeof o.table === "string" &&
    typeof o.sitAt === "number" &&
    (o.pageAt === null || typeof o.pageAt === "number") &&
    typeof o.leaveAt === "number" &&
    typeof o.seated === "boolean" &&
    typeof o.paged === "boolean"
  );
};

/** The parties kept under one key of the gateway's meta table; unreadable text reads as none. */
export function metaMemory(meta: MetaStore, key = "demoParties"): DemoMemory {
  return {
    load: () => {
      try {
        const v: unknown = JSON.parse(meta.get(key) ?? "[]");
        return Array.isArray(v) ? v.filter(isParty) : [];
      } catch {
        return [];
      }
    },
    save: (parties) => meta.set(key, JSON.stringify(parties)),
  };
}

const noMemory: DemoMemory = { load: () => [], save: () => {} };

/** The next instant this party has something to do. */
function nextStep(p: DemoParty): number {
  if (!p.seated) return p.sitAt;
  if (p.pageAt !== null && !p.paged) return p.pageAt;
  return p.leaveAt;
}

export class DemoTraffic {
  readonly #o: Required<Omit<DemoOptions, "onError">> & Pick<DemoOptions, "onError">;
  readonly #rand: () => number;
  readonly #parties = new Map<string, DemoParty>();
  #nextArrival = 0;
  #running = false;

  constructor(options: DemoOptions) {
    this.#o = { seed: 42, tables: 30, trackers: 60, memory: noMemory, orders: () => [], ...options };
    this.#rand = seededRandom(this.#o.seed);
  }

  /** Picks up the parties a previous run left on the floor, then plays what is due. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#parties.clear();
    for (const p of this.#o.memory.load()) this.#parties.set(p.tracker, { ...p });
    this.#nextArrival = this.#o.clock.now();
    this.tick();
  }

  stop(): void {
    this.#running = false;
  }

  /** The parties on the floor now. */
  get parties(): DemoParty[] {
    return [...this.#parties.values()].map((p) => ({ ...p }));
  }

  /** Plays every step due on the gateway clock; the gateway calls it each second and after a clock jump. */
  tick(): void {
    if (!this.#running) return;
    const now = this.#o.clock.now();
    const due = [...this.#parties.values()]
      .filter((p) => nextStep(p) <= now)
      .sort((a, b) => nextStep(a) - nextStep(b) || Number(a.tracker) - Number(b.tracker));
    for (const p of due) this.#play(p, now);
    // A jump of the clock does not back-fill the guests who would have come meanwhile.
    let arrived = false;
    if (now >= this.#nextArrival) {
      this.#nextArrival = now + this.#between(ARRIVAL_SECONDS) * 1000;
      this.#try(() => {
        arrived = this.#arrive(now);
      });
    }
    if (due.length > 0 || arrived) this.#try(() => this.#o.memory.save([...this.#parties.values()]));
  }

  #between([lo, hi]: readonly [number, number]): number {
    return lo + this.#rand() * (hi - lo);
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#rand() * items.length)] as T;
  }

  #try(fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (e) {
      this.#o.onError?.(e);
      return false;
    }
  }

  /** Tables no order and no tracker sits at, and no party of ours is headed for. */
  #freeTables(except?: DemoParty): string[] {
    const taken = new Set<string>();
    for (const t of this.#o.floor.list()) {
      if (t.status === "located" && t.name !== except?.tracker) taken.add(t.locationName);
    }
    for (const o of this.#o.orders()) if (o.table !== null && o.name !== except?.tracker) taken.add(o.table);
    for (const p of this.#parties.values()) if (p !== except) taken.add(p.table);
    const free: string[] = [];
    for (let i = 1; i <= this.#o.tables; i++) if (!taken.has(String(i))) free.push(String(i));
    return free;
  }

  #arrive(now: number): boolean {
    if (this.#parties.size >= this.#o.trackers * BUSY_SHARE) return false;
    const out = new Set(this.#o.floor.list().flatMap((t) => (t.status === "docked" ? [] : [t.name])));
    for (const o of this.#o.orders()) out.add(o.name);
    const trackers: string[] = [];
    for (let i = 1; i <= this.#o.trackers; i++) {
      const n = String(i);
      if (!this.#parties.has(n) && !out.has(n)) trackers.push(n);
    }
    const tables = this.#freeTables();
    if (trackers.length === 0 || tables.length === 0) return false;
    const tracker = this.#pick(trackers);
    const table = this.#pick(tables);
    const sitAt = now + this.#between(SIT_SECONDS) * 1000;
    const leaveAt = sitAt + this.#between(SERVE_SECONDS) * 1000;
    const pageAt = this.#rand() < PAGED_SHARE ? sitAt + this.#between(PAGE_SECONDS) * 1000 : null;
    this.#o.floor.startTracker(tracker);
    this.#parties.set(tracker, { tracker, table, sitAt, pageAt, leaveAt, seated: false, paged: false });
    return true;
  }

  /** Whether the tracker is still where this party left it (nobody else took it over). */
  #ours(p: DemoParty): boolean {
    const t = this.#o.floor.list().find((x) => x.name === p.tracker);
    if (!t) return false;
    return p.seated && p.table !== "" ? t.status === "located" && t.locationName === p.table : t.status === "started";
  }

  #play(p: DemoParty, now: number): void {
    const ok = this.#try(() => {
      if (!this.#ours(p)) {
        this.#parties.delete(p.tracker);
        return;
      }
      if (!p.seated && p.sitAt <= now) this.#seat(p);
      if (p.seated && p.pageAt !== null && !p.paged && p.pageAt <= now) {
        p.paged = true;
        this.#o.page(p.tracker);
      }
      if (p.leaveAt <= now) {
        this.#parties.delete(p.tracker);
        this.#o.floor.clear(p.tracker);
      }
    });
    // A step that failed is not retried every second: the party leaves the story.
    if (!ok) this.#parties.delete(p.tracker);
  }

  #seat(p: DemoParty): void {
    // Someone else (a person at the Floor panel) may have sat at our table meanwhile.
    const free = this.#freeTables(p);
    if (!free.includes(p.table)) {
      if (free.length === 0) {
        // No table left: the party takes its food standing and leaves when it is due.
        p.seated = true;
        p.table = "";
        return;
      }
      p.table = this.#pick(free);
    }
    this.#o.floor.locate(p.tracker, p.table);
    p.seated = true;
  }
}
