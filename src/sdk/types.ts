// Shapes the SDK returns that are not a single wire type of src/protocol/wire.ts: call options
// and unwrapped results.
import type { ReplyPayloads } from "../protocol/replies.js";
import type { CloudStatus, OrderType } from "../protocol/wire.js";

/** GET /api/v2 without the envelope. */
export type ApiInfo = Pick<ReplyPayloads["API_INFO"], "api" | "gateway">;

export interface UpsertOrderInput {
  /** Order number, 1-9 digits: the number printed on the guest's tracker. */
  name: string;
  /** Required when the order is new. */
  orderType?: OrderType | "ON_PREMISES";
  /** Table number (digits); omit for a started order. */
  locationName?: string;
}

/** What a POST /activeorders did (spec §2): returnCodes 3, 4, 1009, 1010. */
export type UpsertResultKind = "created" | "modified" | "alreadyStarted" | "alreadyLocated";

export interface HistoryQuery {
  offset?: number;
  /** 1-100, default 25. */
  limit?: number;
  /** Inclusive, gateway-local `YYYY-MM-DDTHH:MM:SS`. */
  createdAfter?: string;
  /** Exclusive, gateway-local `YYYY-MM-DDTHH:MM:SS`. */
  createdBefore?: string;
  orderType?: OrderType;
  locationName?: string;
}

/** One page of GET /api/v2/orders: `count` items of this page, `total` matching orders. */
export type HistoryPage = ReplyPayloads["ORDER_HISTORY"];

/** [opentt] The range of `statisticsRange()`: at most 92 days. */
export interface RangeStatisticsQuery {
  /** Inclusive, gateway-local `YYYY-MM-DDTHH:MM:SS`. */
  from: string;
  /** Exclusive, gateway-local `YYYY-MM-DDTHH:MM:SS`; after `from`. */
  to: string;
  /** Seconds a delivery may take to count as on target (default: the gateway's setting). */
  targetTime?: number;
}

/** [opentt] What activateCloud() did: bound an unbound gateway (1011), or moved a bound one to the code's site (1008). */
export interface CloudActivation {
  result: "bound" | "moved";
  cloud: CloudStatus;
}
