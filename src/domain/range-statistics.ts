// [opentt] Statistics over a chosen range (GET /api/v2/statistics/range): orders per local hour of
// creation, deliveries and their mean time per local hour of clearing, and per table. A pure
// function over the rows the store streams, so a busy site's 30 days never sit in memory at once.
import { formatLocal, parseLocal } from "../protocol/local-time.js";
import { singleParam } from "../protocol/query-params.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { RangeStatistics } from "../protocol/wire.js";
import { parseTargetTime } from "./history.js";
import type { RangeRow } from "./records.js";

/** Longer ranges are refused: 92 days is a quarter, and at most ~2,200 hourly buckets. */
const MAX_RANGE_DAYS = 92;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface RangeQuery {
  from: number;
  to: number;
  targetTime: number;
}

/** Checks from, to and target_time, one precise message per parameter. */
export function parseRangeQuery(q: Record<string, unknown>, zone: string, defaultTarget: number): RangeQuery {
  const bounds: Record<"from" | "to", number> = { from: 0, to: 0 };
  const wall: Record<"from" | "to", number> = { from: 0, to: 0 };
  for (const key of ["from", "to"] as const) {
    const raw = singleParam(q, key);
    const ms = parseLocal(raw, zone);
    if (raw === undefined || ms === undefined) {
      throw new TrackerError(
        "INVALID_DATE",
        `${raw === undefined ? "Missing" : "Invalid"} ${key}: use YYYY-MM-DDTHH:MM:SS in gateway local time`,
      );
    }
    bounds[key] = ms;
    // Calendar length, read off the wall clock, so a DST change does not move the limit an hour.
    wall[key] = parseLocal(raw, "+00:00") ?? ms;
  }
  if (bounds.to <= bounds.from) throw new TrackerError("INVALID_DATE", "Invalid range: to must be after from");
  if (wall.to - wall.from > MAX_RANGE_DAYS * DAY) {
    throw new TrackerError("INVALID_DATE", `Invalid range: at most ${MAX_RANGE_DAYS} days from from to to`);
  }
  return { ...bounds, targetTime: parseTargetTime(q.target_time, defaultTarget) };
}

interface Bucket {
  orders: number;
  delivered: number;
  sum: number;
}

const hourKey = (ms: number, zone: string) => `${formatLocal(ms, zone).slice(0, 13)}:00:00`;
const mean = (sum: number, n: number) => (n === 0 ? null : Math.round(sum / n));
const isDelivery = (r: RangeRow) => r.clearedReason === "TRACKER" || r.clearedReason === "MANAGER_OVERRIDE";

/**
 * Folds rows created or cleared in [from, to) into the reply. A row counts as an order if it was
 * created in the range and as a delivery if a tracker or a manager cleared it in the range
 * (automatic clearing delivers nothing). Every local hour of the range has a bucket, empty ones
 * too, so charts show quiet hours as gaps; a repeated hour at a DST change is one bucket.
 */
export function computeRangeStatistics(rows: Iterable<RangeRow>, q: RangeQuery & { zone: string }): RangeStatistics {
  const { from, to, zone, targetTime } = q;
  const hours = new Map<string, Bucket>();
  const local = formatLocal(from, zone);
  const first = from - (Number(local.slice(14, 16)) * 60 + Number(local.slice(17, 19))) * 1000;
  for (let t = first; t < to; t += HOUR) {
    const k = hourKey(t, zone);
    if (!hours.has(k)) hours.set(k, { orders: 0, delivered: 0, sum: 0 });
  }
  const bucket = (ms: number) => {
    const k = hourKey(ms, zone);
    let b = hours.get(k);
    if (!b) {
      b = { orders: 0, delivered: 0, sum: 0 };
      hours.set(k, b);
    }
    return b;
  };
  const tables = new Map<string, { n: number; sum: number }>();
  let orders = 0;
  let delivered = 0;
  let sum = 0;
  let onTarget = 0;
  for (const r of rows) {
    if (r.created >= from && r.created < to) {
      orders += 1;
      bucket(r.created).orders += 1;
    }
    if (r.clearedAt === null || r.clearedAt < from || r.clearedAt >= to || !isDelivery(r)) continue;
    // Whole seconds, as GET /statistics and deliveryTime count them.
    const secs = Math.max(0, Math.round((r.clearedAt - r.created) / 1000));
    delivered += 1;
    sum += secs;
    if (secs <= targetTime) onTarget += 1;
    const b = bucket(r.clearedAt);
    b.delivered += 1;
    b.sum += secs;
    if (r.locationName !== null) {
      const tb = tables.get(r.locationName) ?? { n: 0, sum: 0 };
      tb.n += 1;
      tb.sum += secs;
      tables.set(r.locationName, tb);
    }
  }
  return {
    from: formatLocal(from, zone),
    to: formatLocal(to, zone),
    targetTime,
    orders,
    delivered,
    averageSeconds: mean(sum, delivered),
    percentGoal: delivered === 0 ? null : Math.round((onTarget / delivered) * 10000) / 100,
    hours: [...hours.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([hour, b]) => ({
        hour,
        orders: b.orders,
        delivered: b.delivered,
        averageSeconds: mean(b.sum, b.delivered),
      })),
    tables: [...tables.entries()]
      .map(([locationName, tb]) => ({ locationName, orders: tb.n, averageSeconds: Math.round(tb.sum / tb.n) }))
      .sort((a, b) => Number(a.locationName) - Number(b.locationName) || a.locationName.localeCompare(b.locationName)),
  };
}
