// Query-string rules shared by the gateway's history and the cloud's order lists: one value per
// parameter, and the contract's paging codes (-23 limit 1-100, -24 offset ≥ 0).
import { INT_RE } from "./input.js";
import { TrackerError } from "./tracker-error.js";

export type Query = Record<string, unknown>;

/** The parameter's value; a parameter given twice is ambiguous and reads as an invalid value. */
export function singleParam(q: Query, key: string): string | undefined {
  const v = q[key];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return "\u0000";
  return String(v);
}

/** An optional true/false flag in a query string (absent is false); anything else is -15. */
export function booleanParam(q: Query, key: string): boolean {
  const v = singleParam(q, key);
  if (v === undefined || v === "false") return false;
  if (v === "true") return true;
  throw new TrackerError("INVALID_BOOLEAN", `Invalid boolean: ${key} must be true or false`);
}

/** `offset` and `limit`, with the caller's default limit. */
export function parsePaging(q: Query, defaultLimit: number): { offset: number; limit: number } {
  const out = { offset: 0, limit: defaultLimit };
  const limit = singleParam(q, "limit");
  if (limit !== undefined) {
    if (!INT_RE.test(limit) || Number(limit) < 1 || Number(limit) > 100) throw new TrackerError("INVALID_LIMIT");
    out.limit = Number(limit);
  }
  const offset = singleParam(q, "offset");
  if (offset !== undefined) {
    if (!INT_RE.test(offset) || !Number.isSafeInteger(Number(offset))) throw new TrackerError("INVALID_OFFSET");
    out.offset = Number(offset);
  }
  return out;
}
