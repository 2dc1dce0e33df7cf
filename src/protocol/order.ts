// The one order codec. An order's fields (instants in epoch ms) are declared once here; the
// gateway's SQLite rows, the cloud outbox, the upload batch, the cloud's Postgres rows and the
// two wire views (active order §2, history item §5) are all read and written from this.
import { formatLocal } from "./local-time.js";
import type { ActiveOrder, ClearReason, OrderState, OrderSummary, OrderType } from "./wire.js";

/** An order as the gateway keeps it and uploads it: instants in epoch ms. */
export interface OrderData {
  uuid: string;
  /** Bumped on every change; the cloud keeps the highest version of each uuid. */
  version: number;
  name: string;
  orderType: OrderType;
  /** null until first located. */
  locationName: string | null;
  state: OrderState;
  created: number;
  stateChanged: number;
  locatedAt: number | null;
  pagedAt: number | null;
  clearedAt: number | null;
  clearedReason: ClearReason | null;
  paged: boolean;
  /**
   * [opentt] When the kitchen marked the food ready (POST …/ready); null when not, or undone.
   * Absent from uploads of gateways older than the ready mark and from their queued outbox rows.
   */
  readyAt?: number | null;
}

/** Field → SQL column, in the column order both databases use. */
const ORDER_COLUMNS = {
  uuid: "uuid",
  version: "version",
  name: "name",
  orderType: "order_type",
  locationName: "location_name",
  state: "state",
  created: "created",
  stateChanged: "state_changed",
  locatedAt: "located_at",
  pagedAt: "paged_at",
  clearedAt: "cleared_at",
  clearedReason: "cleared_reason",
  paged: "paged",
  readyAt: "ready_at",
} as const satisfies Record<keyof OrderData, string>;

const ORDER_FIELDS = Object.keys(ORDER_COLUMNS) as Array<keyof OrderData>;

/**
 * An order row as a database returns it. Instants (`I`) are epoch ms in SQLite and Date in
 * Postgres; the flag (`B`) is 0/1 in SQLite and a boolean in Postgres.
 */
interface OrderColumns<I, B> {
  uuid: string;
  version: number;
  name: string;
  order_type: OrderType;
  location_name: string | null;
  state: OrderState;
  created: I;
  state_changed: I;
  located_at: I | null;
  paged_at: I | null;
  cleared_at: I | null;
  cleared_reason: ClearReason | null;
  paged: B;
  /** Absent from a row read before the column existed (a test's older schema). */
  ready_at?: I | null;
}

export type SqliteOrderColumns = OrderColumns<number, number>;
export type PgOrderColumns = OrderColumns<Date, boolean>;

const sqliteInstant = (v: number) => v;
const pgInstant = (v: Date) => v.getTime();

function decode<I, B>(r: OrderColumns<I, B>, ms: (v: I) => number, flag: (v: B) => boolean): OrderData {
  const opt = (v: I | null) => (v === null ? null : ms(v));
  return {
    uuid: r.uuid,
    version: r.version,
    name: r.name,
    orderType: r.order_type,
    locationName: r.location_name,
    state: r.state,
    created: ms(r.created),
    stateChanged: ms(r.state_changed),
    locatedAt: opt(r.located_at),
    pagedAt: opt(r.paged_at),
    clearedAt: opt(r.cleared_at),
    clearedReason: r.cleared_reason,
    paged: flag(r.paged),
    readyAt: opt(r.ready_at ?? null),
  };
}

export const fromSqliteRow = (r: SqliteOrderColumns): OrderData => decode(r, sqliteInstant, (v) => v === 1);
export const fromPgRow = (r: PgOrderColumns): OrderData => decode(r, pgInstant, (v) => v);

/** The named parameters of a SQLite insert or update (`@order_type`, …). */
export function toSqliteRow(o: OrderData): SqliteOrderColumns {
  const row = {} as Record<string, unknown>;
  for (const f of ORDER_FIELDS) row[ORDER_COLUMNS[f]] = o[f] ?? null;
  row.paged = o.paged ? 1 : 0;
  return row as unknown as SqliteOrderColumns;
}

/** Only the order's own fields: what the outbox stores and the cloud receives. */
export function pickOrder(o: OrderData): OrderData {
  const out = {} as Record<string, unknown>;
  for (const f of ORDER_FIELDS) out[f] = o[f];
  return out as unknown as OrderData;
}

/** Each field's type in a JSON record PostgreSQL reads (json_to_recordset); instants are epoch ms. */
const PG_RECORD_TYPES = {
  uuid: "uuid",
  version: "int",
  name: "text",
  orderType: "text",
  locationName: "text",
  state: "text",
  created: "float8",
  stateChanged: "float8",
  locatedAt: "float8",
  pagedAt: "float8",
  clearedAt: "float8",
  clearedReason: "text",
  paged: "bool",
  readyAt: "float8",
} as const satisfies Record<keyof OrderData, string>;

/**
 * The order fields as PostgreSQL reads them from a JSON array of orders (the cloud's ingest):
 * each field's column, its record type, and whether it is an instant (epoch ms → timestamptz).
 */
export function pgOrderRecord(): Array<{ field: keyof OrderData; column: string; type: string; instant: boolean }> {
  return ORDER_FIELDS.map((field) => ({
    field,
    column: ORDER_COLUMNS[field],
    type: PG_RECORD_TYPES[field],
    instant: PG_RECORD_TYPES[field] === "float8",
  }));
}

/** elapsedTime (spec §2): whole seconds since created, never negative. */
export function elapsedSeconds(created: number, now: number): number {
  return Math.max(0, Math.floor((now - created) / 1000));
}

/**
 * [opentt] The ready mark is written only once set, so a client that never marks an order ready
 * gets byte-for-byte the original's shapes.
 */
function readyFields(o: Pick<OrderData, "readyAt">, zone: string): { readyTime?: string } {
  return o.readyAt === null || o.readyAt === undefined ? {} : { readyTime: formatLocal(o.readyAt, zone) };
}

/**
 * §2: the active order on the wire; times in the zone in force now (spec §7). elapsedTime stays
 * the last field: the cached GET /activeorders body (http/active-orders-body.ts) splices it in.
 */
export function toActiveOrder(o: OrderData, now: number, zone: string): ActiveOrder {
  return {
    name: o.name,
    uuid: o.uuid,
    orderType: o.orderType,
    locationName: o.locationName ?? "",
    state: o.state,
    created: formatLocal(o.created, zone),
    stateChanged: formatLocal(o.stateChanged, zone),
    paged: o.paged,
    ...readyFields(o, zone),
    elapsedTime: elapsedSeconds(o.created, now),
  };
}

const seconds = (from: number, to: number | null) => (to === null ? null : Math.max(0, Math.round((to - from) / 1000)));
const local = (ms: number | null, zone: string) => (ms === null ? null : formatLocal(ms, zone));

/** §5: a history item (the gateway's history, webhooks, the cloud's order list). */
export function toSummary(o: OrderData, zone: string): OrderSummary {
  const summary: OrderSummary = {
    type: "ORDER_SUMMARY",
    name: o.name,
    uuid: o.uuid,
    orderType: o.orderType,
    locationName: o.locatedAt === null ? null : o.locationName,
    state: o.state,
    orderStarted: formatLocal(o.created, zone),
    orderLocated: local(o.locatedAt, zone),
    orderPaged: local(o.pagedAt, zone),
    orderCleared: local(o.clearedAt, zone),
    orderClearedReason: o.clearedReason,
    timeToSit: seconds(o.created, o.locatedAt),
    deliveryTime: seconds(o.created, o.clearedAt),
  };
  if (o.readyAt === null || o.readyAt === undefined) return summary;
  return { ...summary, ...readyFields(o, zone), readyToDeliveredTime: seconds(o.readyAt, o.clearedAt) };
}
