// The multi-site order list: ORDER_SUMMARY items (the gateway history's shape, times in each
// site's own zone) plus site and account ids, newest first, with the cloud API's filters.
import { fromPgRow, type PgOrderColumns, toSummary } from "../protocol/order.js";
import type { OrderSummary } from "../protocol/wire.js";
import type { Queryable } from "./db.js";
import { retentionHorizon } from "./partitions.js";
import { dateConditions, type OrderQuery } from "./query-params.js";

export type CloudOrder = OrderSummary & { siteId: number; siteName: string; accountId: number; version: number };

type Row = PgOrderColumns & { site_id: number; site_name: string; zone: string; account_id: number };

function toCloudOrder(r: Row): CloudOrder {
  return {
    ...toSummary(fromPgRow(r), r.zone),
    siteId: r.site_id,
    siteName: r.site_name,
    accountId: r.account_id,
    version: r.version,
  };
}

export async function listOrders(
  db: Queryable,
  accountId: number,
  q: OrderQuery,
): Promise<{ items: CloudOrder[]; total: number }> {
  const params: unknown[] = [accountId];
  // Months past the account's retention are hidden until the partition job drops them.
  const where = [`o.created >= ${retentionHorizon("$1")}`];
  if (q.siteId !== undefined) {
    // One site: prunes to one partition a month and uses (site_id, created). The account owns
    // the site, checked on the site row (sites never change account; ingest copies the site's
    // account onto each order), so the orders side names only that index's columns and the
    // total is an index-only scan: counted from the heap, a site's month at 100M orders took
    // ~830 random page reads (bench:cloud). All sites: the account's (account_id, created).
    params.push(q.siteId);
    where.push("s.account_id = $1", `o.site_id = $${params.length}`);
  } else {
    where.push("o.account_id = $1");
  }
  where.push(...dateConditions(q, params));
  if (q.orderType !== undefined) {
    params.push(q.orderType);
    where.push(`o.order_type = $${params.length}`);
  }
  if (q.orderNumber !== undefined) {
    params.push(q.orderNumber);
    where.push(`o.name = $${params.length}`);
  }
  if (q.tableNumber !== undefined) {
    params.push(q.tableNumber);
    where.push(`o.location_name = $${params.length}`);
  }
  const from = `FROM orders o JOIN sites s ON s.id = o.site_id WHERE ${where.join(" AND ")}`;
  const page = await db.query<Row>(
    `SELECT o.*, s.name AS site_name, s.zone ${from}
     ORDER BY o.created DESC, o.site_id, o.uuid LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, q.limit, q.offset],
  );
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params);
  return { items: page.rows.map(toCloudOrder), total: total.rows[0]?.n ?? 0 };
}
