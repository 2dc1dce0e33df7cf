// What the domain keeps about orders, tokens and trackers. Instants are epoch ms; the wire
// format (local time strings) is applied only when serialising (protocol/order.ts).
import type { OrderData } from "../protocol/order.js";
import type { ClearReason, OrderType } from "../protocol/wire.js";

/** The order codec's fields plus the gateway's row id. */
export interface OrderRecord extends OrderData {
  id: number;
}

export interface TokenRecord {
  name: string;
  /** SHA-256 of the secret; the secret itself is never stored. */
  hash: Buffer;
  created: number;
  lastUsed: number | null;
  ipAddress: string | null;
}

export type TrackerDeviceStatus = "docked" | "started" | "located";

export interface TrackerRecord {
  name: string;
  status: TrackerDeviceStatus;
  locationName: string;
  battery: number;
  lastSeen: number;
  /** Paging stops at this instant; PAGE_UNTIL_DOCKED while tracking; null when idle. */
  pagingUntil: number | null;
}

/** Tracking pages last until the tracker is docked, cleared or canceled (spec §2). */
export const PAGE_UNTIL_DOCKED = Number.MAX_SAFE_INTEGER;

export interface HistoryQuery {
  offset: number;
  limit: number;
  createdAfter?: number;
  createdBefore?: number;
  orderType?: OrderType;
  locationName?: string;
}

/** What today's statistics read of an order cleared today. */
export interface ClearedRow {
  created: number;
  clearedAt: number;
  readyAt: number | null;
}

/** What range statistics read of an order created or cleared in a range: only these columns. */
export interface RangeRow {
  created: number;
  clearedAt: number | null;
  clearedReason: ClearReason | null;
  locationName: string | null;
}

export interface WebhookRecord {
  url: string;
  pending: number;
  lastError: string | null;
}
