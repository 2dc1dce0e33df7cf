// Time is injected: every rule that depends on "now" asks a Clock, so tests and the
// simulated floor move time without sleeping (STYLE §5).

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Real time plus an offset that only moves forward (`POST /sim/clock`). The offset is
 * reported through onAdvance so the gateway can persist it and run due timers at once.
 */
export class AdjustableClock implements Clock {
  #offset: number;
  readonly #base: () => number;
  #listeners: Array<(offsetMs: number) => void> = [];

  constructor(offsetMs = 0, base: () => number = Date.now) {
    this.#offset = offsetMs;
    this.#base = base;
  }

  now(): number {
    return this.#base() + this.#offset;
  }

  get offsetMs(): number {
    return this.#offset;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("the clock only moves forward");
    this.#offset += ms;
    for (const l of this.#listeners) l(this.#offset);
  }

  onAdvance(listener: (offsetMs: number) => void): void {
    this.#listeners.push(listener);
  }
}

/** A clock that stands still until told; for unit tests. */
export class ManualClock implements Clock {
  constructor(private t = Date.UTC(2026, 0, 15, 12, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}
