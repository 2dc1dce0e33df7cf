// History queries (spec §5) and today's statistics (spec §6): query parameters are checked
// here, one code per parameter, and the figures are computed from stored instants.

import { DIGITS_RE, INT_RE } from "../protocol/input.js";
import { parseLocal, startOfLocalDay } from "../protocol/local-time.js";
import { parsePaging, type Query, singleParam } from "../protocol/query-params.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { Statistics } from "../protocol/wire.js";
import { parseOrderType } from "./order-rules.js";
import type { HistoryQuery } from "./records.js";

export function parseHistoryQuery(q: Query, zone: string): HistoryQuery {
  const out: HistoryQuery = parsePaging(q, 25);
  for (const [key, field] of [
    ["created_after", "createdAfter"],
    ["created_before", "createdBefore"],
  ] as const) {
    const raw = singleParam(q, key);
    if (raw === undefined) continue;
    const ms = parseLocal(raw, zone);
    if (ms === undefined) {
      throw new TrackerError("INVALID_DATE", `Invalid ${key}: use YYYY-MM-DDTHH:MM:SS in gateway local time`);
    }
    out[field] = ms;
  }
  const type = singleParam(q, "order_type");
  if (type !== undefined) {
    const t = type === "ON_PREMISES" ? "ON_PREMISE" : type;
    if (t !== "ON_PREMISE" && t !== "TO_GO") throw new TrackerError("INVALID_ORDER_TYPE");
    out.orderType = parseOrderType(t);
  }
  const loc = singleParam(q, "location_name");
  if (loc !== undefined) {
    if (!DIGITS_RE.test(loc)) throw new TrackerError("INVALID_LOCATION_NAME");
    out.locationName = loc;
  }
  return out;
}

export function parseTargetTime(raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const s = Array.isArray(raw) ? "" : String(raw);
  if (!INT_RE.test(s) || Number(s) < 1 || !Number.isSafeInteger(Number(s)))
    throw new TrackerError("INVALID_TARGET_TIME");
  return Number(s);
}

/** The bounds of "today" in the gateway's zone. */
export function todayRange(now: number, zone: string): [number, number] {
  const start = startOfLocalDay(now, zone);
  const end = startOfLocalDay(start + 36 * 3600 * 1000, zone);
  return [start, end];
}

/** §6 over orders cleared today: mean delivery time and the share within the target. */
export function computeStatistics(
  cleared: Iterable<{ created: number; clearedAt: number }>,
  targetTime: number,
): Statistics {
  // One pass, nothing kept per order: the rows stream from the store.
  let n = 0;
  let sum = 0;
  let onTarget = 0;
  for (const o of cleared) {
    const secs = Math.max(0, Math.round((o.clearedAt - o.created) / 1000));
    n += 1;
    sum += secs;
    if (secs <= targetTime) onTarget += 1;
  }
  return {
    averageSeconds: n === 0 ? 0 : Math.round(sum / n),
    ordersToday: n,
    targetTime,
    percentGoal: n === 0 ? 0 : Math.round((onTarget / n) * 10000) / 100,
  };
}
