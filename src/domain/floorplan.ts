// [opentt] The floor plan (issue 18): tables with their place, shape, seats and section. Checked
// whole before saving, each problem named with what to fix; saved only over the version the
// editor read (409 otherwise), so two editors never overwrite each other silently.
import { asObject, DIGITS_RE, digitsOf } from "../protocol/input.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { FloorPlan, FloorTable } from "../protocol/wire.js";
import type { EventBus } from "./events.js";
import type { FloorplanStore } from "./ports.js";

/** The plan is a square of this many units; the dashboard scales it to the screen. */
const PLAN_SIZE = 1000;
const MIN_TABLE = 20;
const MAX_TABLE = 400;
const MAX_TABLES = 500;
const MAX_SECTIONS = 50;
const MAX_SEATS = 99;

const bad = (message: string) => new TrackerError("INVALID_FLOORPLAN", `Invalid floor plan: ${message}`);
const isInt = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;

function parseSections(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > MAX_SECTIONS) {
    throw bad(`"sections" must be an array of at most ${MAX_SECTIONS} names`);
  }
  const seen = new Set<string>();
  return raw.map((s, i) => {
    if (typeof s !== "string" || s.trim() === "" || s.length > 40) {
      throw bad(`sections[${i}] must be a name of 1-40 characters`);
    }
    if (seen.has(s)) throw bad(`section ${JSON.stringify(s)} is listed twice: give each section once`);
    seen.add(s);
    return s;
  });
}

function parseTable(raw: unknown, i: number, sections: Set<string>): FloorTable {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw bad(`tables[${i}] must be an object`);
  const t = raw as Record<string, unknown>;
  const number = digitsOf(t.number);
  if (number === undefined || !DIGITS_RE.test(number)) throw bad(`tables[${i}].number must be 1-9 digits`);
  const at = `table ${number}`;
  for (const k of ["x", "y"] as const) {
    if (!isInt(t[k], 0, PLAN_SIZE - MIN_TABLE))
      throw bad(`${at}: ${k} must be an integer from 0 to ${PLAN_SIZE - MIN_TABLE}`);
  }
  for (const k of ["w", "h"] as const) {
    if (!isInt(t[k], MIN_TABLE, MAX_TABLE))
      throw bad(`${at}: ${k} must be an integer from ${MIN_TABLE} to ${MAX_TABLE}`);
  }
  const [x, y, w, h] = [t.x, t.y, t.w, t.h] as number[] as [number, number, number, number];
  if (x + w > PLAN_SIZE || y + h > PLAN_SIZE)
    throw bad(`${at} runs off the plan: keep x + w and y + h within ${PLAN_SIZE}`);
  const shape = t.shape ?? "rect";
  if (shape !== "rect" && shape !== "round") throw bad(`${at}: shape must be "rect" or "round"`);
  const seats = t.seats ?? 0;
  if (!isInt(seats, 0, MAX_SEATS)) throw bad(`${at}: seats must be an integer from 0 to ${MAX_SEATS}`);
  const section = t.section ?? null;
  if (section !== null && (typeof section !== "string" || !sections.has(section))) {
    throw bad(`${at}: section ${JSON.stringify(section)} is not in "sections": add it there or pick another`);
  }
  return { number, x, y, w, h, shape, seats, section };
}

/** Checks a PUT body whole; returns the version it was based on and the plan to save. */
function parseFloorPlan(body: unknown): { version: number; tables: FloorTable[]; sections: string[] } {
  const b = asObject(body);
  const input = (b.floorplan ?? b) as Record<string, unknown>;
  if (!input || typeof input !== "object") throw bad('send {"floorplan": {"version", "tables", "sections"}}');
  if (!isInt(input.version, 0, Number.MAX_SAFE_INTEGER)) {
    throw bad('"version" must be the version you read (GET /api/v2/floorplan), 0 for a first plan');
  }
  const sections = parseSections(input.sections);
  if (!Array.isArray(input.tables) || input.tables.length > MAX_TABLES) {
    throw bad(`"tables" must be an array of at most ${MAX_TABLES} tables`);
  }
  const known = new Set(sections);
  const numbers = new Set<string>();
  const tables = input.tables.map((raw, i) => {
    const t = parseTable(raw, i, known);
    if (numbers.has(t.number)) throw bad(`table ${t.number} appears twice: table numbers must be unique`);
    numbers.add(t.number);
    return t;
  });
  return { version: input.version as number, tables, sections };
}

export class FloorplanService {
  readonly #store: FloorplanStore;
  readonly #events: Pick<EventBus, "emit"> | undefined;

  constructor(store: FloorplanStore, events?: Pick<EventBus, "emit">) {
    this.#store = store;
    this.#events = events;
  }

  get(): FloorPlan {
    const { version, body } = this.#store.load();
    if (version === 0) return { version: 0, tables: [], sections: [] };
    const saved = JSON.parse(body) as Omit<FloorPlan, "version">;
    return { version, tables: saved.tables, sections: saved.sections };
  }

  /** PUT: saves over the version the editor read, or 409 naming the current one. */
  put(body: unknown): FloorPlan {
    const plan = parseFloorPlan(body);
    const saved = this.#store.save(plan.version, JSON.stringify({ tables: plan.tables, sections: plan.sections }));
    if (!saved) {
      const current = this.#store.load().version;
      throw new TrackerError(
        "FLOORPLAN_CONFLICT",
        `The floor plan was changed by someone else: you edited version ${plan.version}, the gateway has version ${current}. Reload it (GET /api/v2/floorplan), apply your changes again and save`,
      );
    }
    const stored = this.get();
    this.#events?.emit("floorplanChanged", stored);
    return stored;
  }
}
