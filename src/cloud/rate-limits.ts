// Device-code limits [opentt]: failed activations per source address, device codes issued per
// account. The counters live in PostgreSQL, not in a process, so N cloud processes behind a load
// balancer still allow the stated number, not N times it. docs/cloud.md "Rate limits" shows why
// guessing a code within them is hopeless.
import { isIP } from "node:net";
import type { Queryable } from "./db.js";

export interface ActivationLimits {
  /** Failed activations one source address may make per `sourceWindowSeconds`. */
  failuresPerSource: number;
  sourceWindowSeconds: number;
  /** Device codes (new sites and fresh codes) one account may issue per `accountWindowSeconds`. */
  codesPerAccount: number;
  accountWindowSeconds: number;
}

export const DEFAULT_ACTIVATION_LIMITS: Readonly<ActivationLimits> = Object.freeze({
  failuresPerSource: 10,
  sourceWindowSeconds: 900,
  codesPerAccount: 500,
  accountWindowSeconds: 3600,
});

/** A request over a limit: seconds until the window ends (the Retry-After header). */
export interface Refusal {
  retryAfter: number;
  count: number;
}

// A fixed window that starts with its first use; one atomic upsert counts and tells the window.
const window = (table: string, counter: string, start: string) => `
  ${counter} = CASE WHEN ${table}.${start} IS NULL OR ${table}.${start} <= now() - make_interval(secs => $2)
    THEN 1 ELSE ${table}.${counter} + 1 END,
  ${start} = CASE WHEN ${table}.${start} IS NULL OR ${table}.${start} <= now() - make_interval(secs => $2)
    THEN now() ELSE ${table}.${start} END`;
const RETRY = (start: string) =>
  `greatest(1, ceil(extract(epoch FROM ${start} + make_interval(secs => $2) - now())))::int AS "retryAfter"`;

/**
 * Counts one activation attempt from `source` before its code is looked at, so parallel guesses
 * cannot slip past the limit together; a success gives its attempt back (`forgiveAttempt`).
 * Returns a refusal once the source is over its limit.
 */
export async function takeAttempt(db: Queryable, source: string, l: ActivationLimits): Promise<Refusal | undefined> {
  const r = await db.query<{ count: number; retryAfter: number }>(
    `INSERT INTO activation_failures AS f (source, window_start, failures) VALUES ($1, now(), 1)
     ON CONFLICT (source) DO UPDATE SET ${window("f", "failures", "window_start")}
     RETURNING failures AS count, ${RETRY("window_start")}`,
    [source, l.sourceWindowSeconds],
  );
  const row = r.rows[0] as { count: number; retryAfter: number };
  return row.count > l.failuresPerSource ? row : undefined;
}

/** A code that worked is not a guess: its attempt does not count. */
export async function forgiveAttempt(db: Queryable, source: string): Promise<void> {
  await db.query("UPDATE activation_failures SET failures = greatest(0, failures - 1) WHERE source = $1", [source]);
}

/** Counts one device code issued by the account; a refusal once it is over its limit. */
export async function takeDeviceCode(
  db: Queryable,
  accountId: number,
  l: ActivationLimits,
): Promise<Refusal | undefined> {
  const r = await db.query<{ count: number; retryAfter: number }>(
    `UPDATE accounts SET ${window("accounts", "codes_in_window", "codes_window_start")}
     WHERE id = $1 RETURNING codes_in_window AS count, ${RETRY("codes_window_start")}`,
    [accountId, l.accountWindowSeconds],
  );
  const row = r.rows[0];
  return row && row.count > l.codesPerAccount ? row : undefined;
}

/** Sources quiet for a day are forgotten (the hourly job). */
export async function pruneAttempts(db: Queryable): Promise<void> {
  await db.query("DELETE FROM activation_failures WHERE window_start < now() - interval '1 day'");
}

/**
 * The source a limit counts: an IPv4 address, or an IPv6 address's /64 — one subscriber's
 * network holds 2⁶⁴ addresses, so counting each alone would be no limit at all.
 */
export function sourceKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1] as string;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** "try again in 812 s (after 01:59:12 UTC)" */
export function retryText(retryAfter: number, now = Date.now()): string {
  const at = new Date(now + retryAfter * 1000).toISOString().slice(11, 19);
  return `try again in ${retryAfter} s (after ${at} UTC)`;
}
