// [opentt] The floor plan's arithmetic, free of the DOM: a starting grid from the tables seen in
// history, which orders sit at which table, and keeping a dragged table on the plan.
import type { ActiveOrder, FloorPlan, FloorTable } from "../../../src/protocol/wire.js";

/** The plan is this many units square (the gateway's PLAN_SIZE). */
export const PLAN = 1000;
const MIN_SIZE = 20;
const MAX_SIZE = 400;

const byNumber = (a: string, b: string) => Number(a) - Number(b) || a.localeCompare(b);

/** A square-ish grid of the given table numbers, in numeric order, each 60% of its cell. */
export function gridPlan(numbers: readonly string[], version: number): FloorPlan {
  const sorted = [...new Set(numbers)].sort(byNumber);
  const cols = Math.max(1, Math.ceil(Math.sqrt(sorted.length)));
  const cell = Math.floor(PLAN / cols);
  const size = clamp(Math.floor(cell * 0.6), MIN_SIZE, MAX_SIZE);
  const tables = sorted.map((number, i) => ({
    number,
    x: (i % cols) * cell + Math.floor((cell - size) / 2),
    y: Math.floor(i / cols) * cell + Math.floor((cell - size) / 2),
    w: size,
    h: size,
    shape: "rect" as const,
    seats: 4,
    section: null,
  }));
  return { version, tables, sections: [] };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(v)));
}

/** A table moved or resized by (dx, dy) plan units, kept whole on the plan. */
export function moved(t: FloorTable, dx: number, dy: number, resize: boolean): FloorTable {
  if (resize) {
    const w = clamp(t.w + dx, MIN_SIZE, Math.min(MAX_SIZE, PLAN - t.x));
    const h = clamp(t.h + dy, MIN_SIZE, Math.min(MAX_SIZE, PLAN - t.y));
    return { ...t, w, h };
  }
  return { ...t, x: clamp(t.x + dx, 0, PLAN - t.w), y: clamp(t.y + dy, 0, PLAN - t.h) };
}

/** The next free table number and a free-ish spot for a new table. */
export function newTable(plan: FloorPlan): FloorTable {
  const max = plan.tables.reduce((m, t) => Math.max(m, Number(t.number) || 0), 0);
  const n = plan.tables.length;
  return {
    number: String(max + 1),
    x: (n * 90) % 900,
    y: (Math.floor((n * 90) / 900) * 90) % 900,
    w: 80,
    h: 80,
    shape: "rect",
    seats: 4,
    section: null,
  };
}

export interface Seated<R> {
  /** Orders at each table of the plan, by table number. */
  at: Map<string, R[]>;
  /** Orders at a table the plan does not have. */
  missing: R[];
  /** Orders not at any table yet. */
  unseated: R[];
}

/** Sorts the live rows (already ready-first) onto the plan's tables. */
export function seat<R extends { o: ActiveOrder }>(plan: FloorPlan, rows: readonly R[]): Seated<R> {
  const known = new Set(plan.tables.map((t) => t.number));
  const at = new Map<string, R[]>();
  const missing: R[] = [];
  const unseated: R[] = [];
  for (const r of rows) {
    const table = r.o.locationName;
    if (!table) unseated.push(r);
    else if (!known.has(table)) missing.push(r);
    else at.set(table, [...(at.get(table) ?? []), r]);
  }
  return { at, missing, unseated };
}
