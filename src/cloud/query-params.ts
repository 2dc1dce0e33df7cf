// The cloud API's query parameters, checked once with the contract's codes (-23 limit, -24
// offset, -25 date, -12 order type, -9/-10 order and table numbers). Dates are local to each
// site, like the gateway's own history: "2026-03-01" on a New York site means New York's day.

import { DIGITS_RE, INT_RE } from "../protocol/input.js";
import { parsePaging, type Query, singleParam } from "../protocol/query-params.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { OrderType } from "../protocol/wire.js";

export interface OrderQuery {
  offset: number;
  limit: number;
  /** Site-local `YYYY-MM-DDTHH:MM:SS`, inclusive. */
  dateFrom?: string;
  /** Site-local, exclusive (a date alone means the end of that day). */
  dateTo?: string;
  orderType?: OrderType;
  orderNumber?: string;
  tableNumber?: string;
  siteId?: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** A checked site-local timestamp, or undefined; `endOfDay` turns a bare date into the next midnight. */
export function parseCloudDate(raw: string, key: string, endOfDay: boolean): string {
  const m = DATE_RE.exec(raw);
  const bad = () =>
    new TrackerError("INVALID_DATE", `Invalid ${key}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (site local time)`);
  if (!m) throw bad();
  const [y, mo, d, h = "00", mi = "00", s = "00"] = m.slice(1);
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const back = new Date(ms);
  // Rejects 2026-02-30 and 25:00 rather than rolling them over.
  const same =
    back.getUTCMonth() === Number(mo) - 1 &&
    back.getUTCDate() === Number(d) &&
    back.getUTCHours() === Number(h) &&
    back.getUTCMinutes() === Number(mi) &&
    back.getUTCSeconds() === Number(s);
  if (!same) {
    throw bad();
  }
  const out = endOfDay && m[4] === undefined ? new Date(ms + 86_400_000) : back;
  return out.toISOString().slice(0, 19);
}

export function parseSiteId(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!INT_RE.test(raw) || Number(raw) < 1 || Number(raw) > 2_147_483_647) {
    throw new TrackerError("INVALID_JSON", "Invalid site: use a site id from GET /cloud/v1/sites");
  }
  return Number(raw);
}

export function parseOrderQuery(q: Query): OrderQuery {
  const out: OrderQuery = parsePaging(q, 50);
  Object.assign(out, parseRange(q));
  const type = singleParam(q, "orderType");
  if (type !== undefined) {
    if (type !== "ON_PREMISE" && type !== "TO_GO") throw new TrackerError("INVALID_ORDER_TYPE");
    out.orderType = type;
  }
  const name = singleParam(q, "orderNumber");
  if (name !== undefined) {
    if (!DIGITS_RE.test(name)) throw new TrackerError("INVALID_ORDER_NAME", "Invalid orderNumber: use 1-9 digits");
    out.orderNumber = name;
  }
  const table = singleParam(q, "tableNumber");
  if (table !== undefined) {
    if (!DIGITS_RE.test(table)) throw new TrackerError("INVALID_LOCATION_NAME", "Invalid tableNumber: use digits");
    out.tableNumber = table;
  }
  out.siteId = parseSiteId(singleParam(q, "site"));
  return out;
}

/** dateFrom / dateTo / site, shared by the orders list and the statistics. */
export function parseRange(q: Query): Pick<OrderQuery, "dateFrom" | "dateTo" | "siteId"> {
  const out: Pick<OrderQuery, "dateFrom" | "dateTo" | "siteId"> = {};
  const from = singleParam(q, "dateFrom");
  if (from !== undefined) out.dateFrom = parseCloudDate(from, "dateFrom", false);
  const to = singleParam(q, "dateTo");
  if (to !== undefined) out.dateTo = parseCloudDate(to, "dateTo", true);
  out.siteId = parseSiteId(singleParam(q, "site"));
  return out;
}

/**
 * SQL conditions for a site-local date range on `o.created` joined with `s.zone`. The exact test
 * uses each site's zone; the coarse UTC bounds around it (zones lie within UTC-12…UTC+14) let
 * the (…, created) indexes narrow the scan first.
 */
export function dateConditions(r: Pick<OrderQuery, "dateFrom" | "dateTo">, params: unknown[]): string[] {
  const where: string[] = [];
  if (r.dateFrom !== undefined) {
    params.push(r.dateFrom);
    const p = `$${params.length}::timestamp`;
    where.push(`o.created >= (${p} AT TIME ZONE 'UTC') - interval '15 hours'`);
    where.push(`o.created >= (${p} AT TIME ZONE s.zone)`);
  }
  if (r.dateTo !== undefined) {
    params.push(r.dateTo);
    const p = `$${params.length}::timestamp`;
    where.push(`o.created < (${p} AT TIME ZONE 'UTC') + interval '15 hours'`);
    where.push(`o.created < (${p} AT TIME ZONE s.zone)`);
  }
  return where;
}
