// What a gateway and the cloud say to each other [opentt]: the activation exchange and the
// upload batch. Both sides import these shapes and checks, so they cannot drift apart.
import { UUID_RE } from "./input.js";
import type { OrderData } from "./order.js";
import { TrackerError } from "./tracker-error.js";

/** Prefix of every cloud route. */
export const CLOUD_API = "/cloud/v1";
/** Orders per upload; a batch stays well under the cloud's 4 MiB body limit. */
export const MAX_BATCH = 500;

/** One order as uploaded: the order codec's fields (protocol/order.ts), readyAt included. */
export type SyncOrder = OrderData;

export interface SyncBatch {
  /** The gateway's timezone and target time: the cloud's days and "on target" follow them. */
  zone: string;
  targetTime: number;
  /** Changes still queued on the gateway after this batch. */
  pending: number;
  /** How long the oldest change in this batch waited on the gateway (its own clock, so no skew). */
  oldestAgeMs: number | null;
  orders: SyncOrder[];
}

export interface SyncAck {
  status: 200;
  accepted: number;
  /** Orders that were new or newer than the cloud's copy; replays apply 0. */
  applied: number;
}

export interface ActivateRequest {
  deviceCode: string;
  serial: string;
  name: string;
}

export interface ActivateReply {
  status: 200;
  siteId: number;
  siteName: string;
  accountId: number;
  accountName: string;
  /** The gateway's upload credential for this site (64 hex); shown once. */
  siteToken: string;
}

// Crockford-like: no I, O, 0 or 1, so a code read aloud or copied by hand survives.
export const DEVICE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const DEVICE_CODE_RE = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$/;

/** `abcd-efgh` → `ABCD-EFGH`; -18 when absent, -17 when not 8 code characters (spec §3). */
export function parseDeviceCode(raw: unknown): string {
  if (raw === undefined || raw === null || raw === "") throw new TrackerError("MISSING_DEVICE_CODE");
  if (typeof raw !== "string") throw new TrackerError("MALFORMED_DEVICE_CODE", MALFORMED);
  const compact = raw.trim().toUpperCase().replace(/[\s-]/g, "");
  if (!DEVICE_CODE_RE.test(compact)) throw new TrackerError("MALFORMED_DEVICE_CODE", MALFORMED);
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

const MALFORMED = "Malformed device code: use the 8 characters shown by the cloud, like ABCD-EFGH";

const TYPES = new Set(["ON_PREMISE", "TO_GO"]);
const STATES = new Set(["started", "located", "cleared"]);
const REASONS = new Set(["TRACKER", "MANAGER_OVERRIDE", "AUTOMATIC"]);

const isMs = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const msOrNull = (v: unknown) => v === null || isMs(v);
// PostgreSQL text holds no NUL character.
const strOrNull = (v: unknown, max: number) =>
  v === null || (typeof v === "string" && v.length <= max && !v.includes("\0"));

function badOrder(i: number, field: string): TrackerError {
  return new TrackerError("INVALID_JSON", `Invalid upload: orders[${i}].${field} is missing or has the wrong type`);
}

/** Checks an upload from a gateway field by field: the cloud trusts no client's shape. */
const isInt32 = (v: unknown): v is number => Number.isInteger(v) && Math.abs(v as number) <= 2_147_483_647;

export function parseSyncBatch(body: unknown): SyncBatch {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new TrackerError("INVALID_JSON", "Invalid upload: send a JSON object");
  }
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.orders) || b.orders.length > MAX_BATCH) {
    throw new TrackerError("INVALID_JSON", `Invalid upload: "orders" must be an array of at most ${MAX_BATCH}`);
  }
  const orders = b.orders.map((raw, i): SyncOrder => {
    if (!raw || typeof raw !== "object") throw badOrder(i, "");
    const o = raw as Record<string, unknown>;
    if (typeof o.uuid !== "string" || !UUID_RE.test(o.uuid)) throw badOrder(i, "uuid");
    // Every value must fit its PostgreSQL column: one the database refuses would fail the cloud's
    // whole ingest group before that upload is retried alone (cloud/ingest.ts).
    if (!isInt32(o.version) || o.version < 1) throw badOrder(i, "version");
    if (typeof o.name !== "string" || o.name.length === 0 || o.name.length > 64 || o.name.includes("\0")) {
      throw badOrder(i, "name");
    }
    if (!TYPES.has(o.orderType as string)) throw badOrder(i, "orderType");
    if (!strOrNull(o.locationName, 64)) throw badOrder(i, "locationName");
    if (!STATES.has(o.state as string)) throw badOrder(i, "state");
    if (!isMs(o.created)) throw badOrder(i, "created");
    if (!isMs(o.stateChanged)) throw badOrder(i, "stateChanged");
    for (const f of ["locatedAt", "pagedAt", "clearedAt"] as const) if (!msOrNull(o[f])) throw badOrder(i, f);
    if (o.clearedReason !== null && !REASONS.has(o.clearedReason as string)) throw badOrder(i, "clearedReason");
    if (typeof o.paged !== "boolean") throw badOrder(i, "paged");
    // [opentt] A gateway older than the ready mark sends no readyAt: the order was never marked.
    if (o.readyAt !== undefined && !msOrNull(o.readyAt)) throw badOrder(i, "readyAt");
    return { ...o, readyAt: o.readyAt ?? null } as unknown as SyncOrder;
  });
  const zone = typeof b.zone === "string" && b.zone.length <= 64 ? b.zone : "UTC";
  // Both are stored as PostgreSQL integers: a value past 2^31 - 1 would fail the whole group.
  const targetTime = isInt32(b.targetTime) && b.targetTime > 0 ? b.targetTime : 300;
  const pending = isInt32(b.pending) && b.pending >= 0 ? b.pending : 0;
  const oldestAgeMs = isMs(b.oldestAgeMs) ? b.oldestAgeMs : null;
  return { zone, targetTime, pending, oldestAgeMs, orders };
}
