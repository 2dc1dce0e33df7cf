// [opentt] The shift report's arithmetic (issue 18.4), free of the DOM and of I/O: the orders of a
// period (history) and the active orders, counted by hour and by the floor plan's sections.
// Times are gateway-local wall-clock strings on the dashboard's zone-free axis (lib/time.ts).
import type { ActiveOrder, FloorPlan, OrderSummary } from "../../../src/protocol/wire.js";
import { parseLocal } from "./time.js";

const HOUR = 3_600_000;

export interface Figures {
  /** Orders started in the bucket. */
  orders: number;
  /** Of those, delivered (a delivery time is known). */
  delivered: number;
  /** Mean delivery time (s) of the delivered ones; null when none. */
  averageSeconds: number | null;
  /** 90th percentile delivery time (s), nearest-rank rule (p90Seconds); null when none. */
  p90Seconds: number | null;
  /** Share (0–1) of the delivered ones within the target (≤, as the gateway counts); null when none. */
  onTarget: number | null;
}

interface HourRow extends Figures {
  /** Start of the hour on the zone-free axis (ms). */
  hour: number;
}

interface SectionRow extends Figures {
  /** The plan's section name; null for "No section" (tables missing from the plan, or no table). */
  section: string | null;
  /** Active orders past the target now, at this section's tables. */
  lateNow: number;
}

export interface ShiftReport {
  hours: HourRow[];
  sections: SectionRow[];
  total: Figures & { lateNow: number };
}

/**
 * The 90th percentile by the nearest-rank rule: the smallest value with at least 90 % of the
 * values at or below it, i.e. the ⌈0.9·n⌉-th smallest. Always one of the values, never interpolated.
 */
export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1] ?? null;
}

export function figures(orders: readonly OrderSummary[], target: number): Figures {
  const times = orders.map((o) => o.deliveryTime).filter((s): s is number => s !== null && Number.isFinite(s));
  const n = times.length;
  return {
    orders: orders.length,
    delivered: n,
    averageSeconds: n === 0 ? null : times.reduce((a, b) => a + b, 0) / n,
    p90Seconds: p90(times),
    onTarget: n === 0 ? null : times.filter((s) => s <= target).length / n,
  };
}

/** Which section a table is in: the plan's, or null (not on the plan, no section, no table). */
function sectionOf(plan: FloorPlan, table: string | null): string | null {
  if (!table) return null;
  return plan.tables.find((t) => t.number === table)?.section ?? null;
}

export function shiftReport(input: {
  /** Every order started in the period (GET /orders with created_after/created_before). */
  orders: readonly OrderSummary[];
  /** Active orders with their elapsed time now. */
  active: readonly { o: ActiveOrder; elapsed: number }[];
  plan: FloorPlan;
  target: number;
  /** The period, gateway-local `YYYY-MM-DDTHH:MM:SS`, end exclusive; every hour in it gets a row. */
  from: string;
  to: string;
}): ShiftReport {
  const { orders, active, plan, target } = input;
  const start = Math.floor(parseLocal(input.from) / HOUR) * HOUR;
  const end = parseLocal(input.to);
  const byHour = new Map<number, OrderSummary[]>();
  for (let h = start; h < end; h += HOUR) byHour.set(h, []);
  for (const o of orders) {
    const h = Math.floor(parseLocal(o.orderStarted) / HOUR) * HOUR;
    byHour.get(h)?.push(o);
  }
  // Sections in the plan's order, then "No section"; a section with no order still gets a row.
  const names: (string | null)[] = [...plan.sections, null];
  const bySection = new Map<string | null, OrderSummary[]>(names.map((s) => [s, []]));
  const lateBySection = new Map<string | null, number>(names.map((s) => [s, 0]));
  const inPeriod = orders.filter((o) => byHour.has(Math.floor(parseLocal(o.orderStarted) / HOUR) * HOUR));
  for (const o of inPeriod) {
    const s = sectionOf(plan, o.locationName);
    bySection.get(bySection.has(s) ? s : null)?.push(o);
  }
  let lateTotal = 0;
  for (const { o, elapsed } of active) {
    if (!(target > 0 && elapsed > target)) continue;
    const s = sectionOf(plan, o.locationName || null);
    const key = lateBySection.has(s) ? s : null;
    lateBySection.set(key, (lateBySection.get(key) ?? 0) + 1);
    lateTotal += 1;
  }
  return {
    hours: [...byHour].map(([hour, list]) => ({ hour, ...figures(list, target) })),
    sections: names.map((section) => ({
      section,
      ...figures(bySection.get(section) ?? [], target),
      lateNow: lateBySection.get(section) ?? 0,
    })),
    total: { ...figures(inPeriod, target), lateNow: lateTotal },
  };
}
