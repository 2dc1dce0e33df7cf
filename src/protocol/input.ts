// Small input rules every adapter shares: the digit pattern of order, table and tracker numbers,
// the uuid pattern, the JSON-object body check and the http(s) URL check. Pure, throw-free
// except asObject (which answers the contract's -31).
import { TrackerError } from "./tracker-error.js";

/** Order names, table numbers and tracker numbers: 1-9 digits (spec §2). */
const DIGITS_PATTERN = "^[0-9]{1,9}$";
export const DIGITS_RE = new RegExp(DIGITS_PATTERN);
/** An unsigned integer as a query parameter carries it. */
export const INT_RE = /^[0-9]+$/;
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A digit string as sent: a POS that sends {"name": 12} means "12"; only whole non-negative numbers qualify. */
export function digitsOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

/** A request body as an object; absent means "no options" (spec §0). */
export function asObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new TrackerError("INVALID_JSON", "Invalid JSON payload: the body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

/** An absolute http:// or https:// URL with a host, of at most 2048 characters (webhooks, the cloud). */
export function isHttpUrl(raw: unknown): raw is string {
  if (typeof raw !== "string" || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
}
