// Per-site, per-day figures for an account: orders, delivery time (average, p50, p90), the
// share delivered within the site's target time, and time to sit. Days are each site's local
// days; delivery figures count orders cleared by a tracker or a manager, not the automatic
// 12-hour clear, which measures a forgotten order rather than a delivery.
import type { Queryable } from "./db.js";
import { retentionHorizon } from "./partitions.js";
import { dateConditions, type OrderQuery } from "./query-params.js";

export interface SiteDay {
  siteId: number;
  siteName: string;
  /** Site-local YYYY-MM-DD. */
  day: string;
  orders: number;
  delivered: number;
  averageDelivery: number | null;
  p50Delivery: number | null;
  p90Delivery: number | null;
  /** Percent of delivered orders with delivery time ≤ the site's target; null when none. */
  percentOnTarget: number | null;
  averageTimeToSit: number | null;
  /** [opentt] Delivered orders the kitchen had marked ready (gateways with the ready mark). */
  readyDelivered: number;
  /** [opentt] Their average seconds from ready to delivered; null when none. */
  averageReadyToDelivered: number | null;
  targetTime: number;
}

/** Without dateFrom, the last this-many days. */
const DEFAULT_STATS_DAYS = 30;

const round = (v: number | null, digits = 1) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

export async function siteDailyStatistics(
  db: Queryable,
  accountId: number,
  q: Pick<OrderQuery, "dateFrom" | "dateTo" | "siteId">,
): Promise<SiteDay[]> {
  const params: unknown[] = [accountId];
  // Months past the account's retention are hidden until the partition job drops them.
  const where = ["o.account_id = $1", `o.created >= ${retentionHorizon("$1")}`];
  if (q.siteId !== undefined) {
    params.push(q.siteId);
    where.push(`o.site_id = $${params.length}`);
  }
  const range = { ...q };
  if (range.dateFrom === undefined) {
    const since = new Date(Date.now() - DEFAULT_STATS_DAYS * 86_400_000);
    range.dateFrom = `${since.toISOString().slice(0, 10)}T00:00:00`;
  }
  where.push(...dateConditions(range, params));
  const r = await db.query<{
    site_id: number;
    site_name: string;
    day: string;
    orders: number;
    delivered: number;
    avg_delivery: number | null;
    p50: number | null;
    p90: number | null;
    on_target: number | null;
    avg_sit: number | null;
    ready_delivered: number;
    avg_ready: number | null;
    target_time: number;
  }>(
    `WITH d AS (
       SELECT o.site_id, s.name AS site_name, s.target_time,
         to_char(o.created AT TIME ZONE s.zone, 'YYYY-MM-DD') AS day,
         CASE WHEN o.cleared_reason IN ('TRACKER', 'MANAGER_OVERRIDE')
           THEN extract(epoch FROM o.cleared_at - o.created)::float8 END AS delivery,
         extract(epoch FROM o.located_at - o.created)::float8 AS sit,
         CASE WHEN o.cleared_reason IN ('TRACKER', 'MANAGER_OVERRIDE') AND o.ready_at IS NOT NULL
           THEN greatest(0, extract(epoch FROM o.cleared_at - o.ready_at))::float8 END AS ready_wait
       FROM orders o JOIN sites s ON s.id = o.site_id
       WHERE ${where.join(" AND ")}
     )
     SELECT site_id, site_name, day, target_time,
       count(*)::int AS orders,
       count(delivery)::int AS delivered,
       avg(delivery) AS avg_delivery,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY delivery) AS p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY delivery) AS p90,
       100.0 * count(*) FILTER (WHERE delivery <= target_time) / nullif(count(delivery), 0) AS on_target,
       avg(sit) AS avg_sit,
       count(ready_wait)::int AS ready_delivered,
       avg(ready_wait) AS avg_ready
     FROM d GROUP BY site_id, site_name, day, target_time
     ORDER BY day, site_id`,
    params,
  );
  return r.rows.map((x) => ({
    siteId: x.site_id,
    siteName: x.site_name,
    day: x.day,
    orders: x.orders,
    delivered: x.delivered,
    averageDelivery: round(x.avg_delivery),
    p50Delivery: round(x.p50),
    p90Delivery: round(x.p90),
    percentOnTarget: round(x.on_target === null ? null : Number(x.on_target), 2),
    averageTimeToSit: round(x.avg_sit),
    readyDelivered: x.ready_delivered,
    averageReadyToDelivered: round(x.avg_ready),
    targetTime: x.target_time,
  }));
}
