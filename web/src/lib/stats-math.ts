// Turns history items into what the statistics view draws: orders and average delivery time per
// hour over a range, and per table (the heat map). Pure functions over the wire shape.
import type { OrderSummary } from "../../../src/protocol/wire.js";
import { parseLocal } from "./time.js";

const HOUR = 3_600_000;

export interface HourlySeries {
  /** Start of each hour, in seconds on the zone-free axis (uPlot's x values). */
  hours: number[];
  orders: number[];
  /** Mean delivery time of the orders started that hour and cleared since; null if none. */
  avgDelivery: (number | null)[];
}

/** One bucket per hour from `fromMs` (inclusive) to `toMs` (exclusive), empty hours included. */
export function hourlySeries(items: readonly OrderSummary[], fromMs: number, toMs: number): HourlySeries {
  const start = Math.floor(fromMs / HOUR) * HOUR;
  const n = Math.max(0, Math.ceil((toMs - start) / HOUR));
  const orders = new Array<number>(n).fill(0);
  const sum = new Array<number>(n).fill(0);
  const delivered = new Array<number>(n).fill(0);
  for (const it of items) {
    const i = Math.floor((parseLocal(it.orderStarted) - start) / HOUR);
    if (!(i >= 0 && i < n)) continue;
    orders[i]! += 1;
    if (it.deliveryTime !== null) {
      sum[i]! += it.deliveryTime;
      delivered[i]! += 1;
    }
  }
  return {
    hours: orders.map((_, i) => (start + i * HOUR) / 1000),
    orders,
    avgDelivery: sum.map((s, i) => (delivered[i]! > 0 ? Math.round(s / delivered[i]!) : null)),
  };
}

export interface TableHeat {
  table: string;
  orders: number;
  avgDelivery: number;
  maxDelivery: number;
}

/** Delivered orders grouped by table, tables in numeric order; orders never located are left out. */
export function tableHeat(items: readonly OrderSummary[]): TableHeat[] {
  const by = new Map<string, { n: number; sum: number; max: number }>();
  for (const it of items) {
    if (!it.locationName || it.deliveryTime === null) continue;
    const t = by.get(it.locationName) ?? { n: 0, sum: 0, max: 0 };
    t.n += 1;
    t.sum += it.deliveryTime;
    t.max = Math.max(t.max, it.deliveryTime);
    by.set(it.locationName, t);
  }
  return [...by.entries()]
    .map(([table, t]) => ({ table, orders: t.n, avgDelivery: Math.round(t.sum / t.n), maxDelivery: t.max }))
    .sort((a, b) => Number(a.table) - Number(b.table) || a.table.localeCompare(b.table));
}

/** Mean of the known delivery times and the share at or under the target, for a range's summary line. */
export function summarize(
  items: readonly OrderSummary[],
  target: number,
): { delivered: number; avg: number | null; onTarget: number | null } {
  const times = items.map((i) => i.deliveryTime).filter((t): t is number => t !== null);
  if (times.length === 0) return { delivered: 0, avg: null, onTarget: null };
  const avg = Math.round(times.reduce((a, b) => a + b, 0) / times.length);
  const onTarget = Math.round((100 * times.filter((t) => t <= target).length) / times.length);
  return { delivered: times.length, avg, onTarget };
}
