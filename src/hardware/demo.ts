// Demo traffic for `npm start`: guests arrive, take a tracker, sit down, get their food, and
// the tracker goes back on the dock; the kitchen pages a few TO_GO orders. Seeded, so two runs
// with the same seed tell the same story.

/** What the story needs of a floor: the simulated floor, or real trackers (`opentt tracker-sim`). */
export interface DemoFloor {
  startTracker(tracker: string): unknown;
  locate(tracker: string, table: string): unknown;
  clear(tracker: string): unknown;
}

export interface DemoOptions {
  floor: DemoFloor;
  /** Pages an order the way a kitchen display would (through the domain). */
  page: (tracker: string) => void;
  seed?: number;
  /** Real milliseconds per demo second; 1000 is real time. */
  msPerSecond?: number;
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

export class DemoTraffic {
  readonly #o: Required<Omit<DemoOptions, "onError">> & Pick<DemoOptions, "onError">;
  readonly #rand: () => number;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inUse = new Set<string>();
  #running = false;

  constructor(options: DemoOptions) {
    this.#o = { seed: 42, msPerSecond: 1000, tables: 30, trackers: 60, ...options };
    this.#rand = seededRandom(this.#o.seed);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#arrive();
  }

  stop(): void {
    this.#running = false;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #between(lo: number, hi: number): number {
    return lo + this.#rand() * (hi - lo);
  }

  #later(seconds: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      if (!this.#running) return;
      try {
        fn();
      } catch (e) {
        this.#o.onError?.(e);
      }
    }, seconds * this.#o.msPerSecond);
    t.unref();
    this.#timers.add(t);
  }

  #arrive(): void {
    const free: string[] = [];
    for (let i = 1; i <= this.#o.trackers; i++) if (!this.#inUse.has(String(i))) free.push(String(i));
    if (free.length > 0 && this.#inUse.size < this.#o.trackers * 0.4) {
      const tracker = free[Math.floor(this.#rand() * free.length)] as string;
      this.#guest(tracker);
    }
    this.#later(this.#between(8, 25), () => this.#arrive());
  }

  #guest(tracker: string): void {
    const { floor } = this.#o;
    this.#inUse.add(tracker);
    floor.startTracker(tracker);
    const toSit = this.#between(15, 90);
    const table = String(1 + Math.floor(this.#rand() * this.#o.tables));
    const delivery = toSit + this.#between(60, 480);
    const paged = this.#rand() < 0.15;
    this.#later(toSit, () => floor.locate(tracker, table));
    if (paged) this.#later(toSit + this.#between(20, 60), () => this.#o.page(tracker));
    this.#later(delivery, () => {
      floor.clear(tracker);
      this.#inUse.delete(tracker);
    });
  }
}
