// Input rules for orders (spec §2), as pure functions that throw TrackerError by code name.
// Real POS clients are liberal in what they send; these accept the harmless variants
// (numbers for digit strings, ON_PREMISES) and refuse everything else with a precise code.
// Also the one shape of a new order.
import { asObject, DIGITS_RE, digitsOf, UUID_RE } from "../protocol/input.js";
import type { OrderData } from "../protocol/order.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { OrderType } from "../protocol/wire.js";

function parseOrderName(value: unknown): string {
  if (value === undefined || value === null || value === "") throw new TrackerError("NO_ORDER_NAME");
  const s = digitsOf(value);
  if (s === undefined || !DIGITS_RE.test(s)) throw new TrackerError("INVALID_ORDER_NAME");
  return s;
}

/** undefined means "not given"; "" is treated as not given too (the order stays where it is). */
function parseLocationName(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const s = digitsOf(value);
  if (s === undefined || !DIGITS_RE.test(s)) throw new TrackerError("INVALID_LOCATION_NAME");
  return s;
}

export function parseOrderType(value: unknown): OrderType | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === "ON_PREMISE" || value === "ON_PREMISES") return "ON_PREMISE";
  if (value === "TO_GO") return "TO_GO";
  throw new TrackerError("INVALID_ORDER_TYPE");
}

export type OrderRef = { by: "name"; name: string } | { by: "uuid"; uuid: string };

/** `{name or uuid}` in a path (spec §2). */
export function parseOrderRef(raw: string): OrderRef {
  if (UUID_RE.test(raw)) return { by: "uuid", uuid: raw.toLowerCase() };
  if (DIGITS_RE.test(raw)) return { by: "name", name: raw };
  if (raw.includes("-")) throw new TrackerError("INVALID_ORDER_UUID");
  throw new TrackerError("INVALID_ORDER_ID");
}

export interface OrderInput {
  name: string;
  orderType?: OrderType;
  locationName?: string;
}

/** Body of POST /activeorders; every field is checked before anything changes. */
export function parseOrderInput(body: unknown): OrderInput {
  const b = asObject(body);
  const name = parseOrderName(b.name);
  const locationName = parseLocationName(b.locationName);
  const orderType = parseOrderType(b.orderType);
  return { name, orderType, locationName };
}

/** `{"tracking": bool}` of the page route; default true (spec §2). */
export function parseTracking(body: unknown): boolean {
  const t = asObject(body).tracking;
  if (t === undefined || t === null) return true;
  if (typeof t !== "boolean") throw new TrackerError("INVALID_BOOLEAN");
  return t;
}

/** A just-created order (spec §2): started now, nowhere yet, never paged; version 0 until saved. */
export function startedOrder(uuid: string, name: string, orderType: OrderType, now: number): OrderData {
  return {
    uuid,
    version: 0,
    name,
    orderType,
    locationName: null,
    state: "started",
    created: now,
    stateChanged: now,
    locatedAt: null,
    pagedAt: null,
    clearedAt: null,
    clearedReason: null,
    paged: false,
  };
}
