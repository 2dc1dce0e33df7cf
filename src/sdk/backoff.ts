// Reconnect and poll delays: exponential growth with jitter, so a room full of clients that lost
// the gateway together do not all knock at the same instant when it comes back.

export interface BackoffOptions {
  /** First delay in ms (default 500). */
  initialMs?: number;
  /** Ceiling in ms (default 15 000). */
  maxMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** Fraction of the delay that is random, 0-1 (default 0.5). */
  jitter?: number;
}

const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>> = Object.freeze({
  initialMs: 500,
  maxMs: 15_000,
  factor: 2,
  jitter: 0.5,
});

/**
 * Fills defaults and rejects impossible values with a TypeError naming the option.
 *
 * @example
 * ```ts
 * resolveBackoff({ initialMs: 200 }); // { initialMs: 200, maxMs: 15000, factor: 2, jitter: 0.5 }
 * ```
 */
export function resolveBackoff(
  opts: BackoffOptions = {},
  defaults: Required<BackoffOptions> = DEFAULT_BACKOFF,
): Required<BackoffOptions> {
  const b = { ...defaults, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  if (!(b.initialMs >= 0)) throw new TypeError("backoff.initialMs must be 0 or more");
  if (!(b.maxMs >= b.initialMs)) throw new TypeError("backoff.maxMs must be at least backoff.initialMs");
  if (!(b.factor >= 1)) throw new TypeError("backoff.factor must be 1 or more");
  if (!(b.jitter >= 0 && b.jitter <= 1)) throw new TypeError("backoff.jitter must be between 0 and 1");
  return b;
}

/**
 * The delay before attempt `attempt` (0-based): `min(max, initial * factor^attempt)`, of which a
 * `jitter` fraction is random. `random` is injectable for tests.
 *
 * @example
 * ```ts
 * const b = resolveBackoff({ initialMs: 100, maxMs: 1000 });
 * backoffDelay(3, b); // between 400 and 800
 * ```
 */
export function backoffDelay(attempt: number, b: Required<BackoffOptions>, random: () => number = Math.random): number {
  const base = Math.min(b.maxMs, b.initialMs * b.factor ** Math.max(0, attempt));
  return Math.round(base * (1 - b.jitter) + base * b.jitter * random());
}
