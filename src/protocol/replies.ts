// Route → return code → payload: what every success reply carries (spec §1-§10). The
// gateway's reply builder, its router and the SDK are typed by these maps, so a payload that
// does not match its code, or a code a route does not answer, is a compile error.
import type { RadioStatus } from "./radio.js";
import type { CodeName } from "./return-codes.js";
import type {
  ActiveOrder,
  CloudStatus,
  FloorPlan,
  GatewayInfo,
  GatewaySettings,
  IssuedToken,
  OrderSummary,
  RangeStatistics,
  RepeaterItem,
  SimClock,
  SimTrackerReply,
  Statistics,
  TokenInfo,
  TrackerItem,
  WebhookItem,
} from "./wire.js";

/** A confirmation (1001-1013) that carries only the envelope and its message. */
type NoData = undefined;

type OneOrder = { activeorder: ActiveOrder };
type Listing<T> = { count: number; items: T[] };
type Cloud = { cloud: CloudStatus };

/** The fields each success code adds to the envelope. */
export interface ReplyPayloads {
  API_INFO: { message: string; api: "v2"; gateway: GatewayInfo };
  TOKEN_CREATED: { token: IssuedToken };
  ORDER_CREATED: OneOrder;
  ORDER_MODIFIED: OneOrder;
  ACTIVE_ORDERS: Listing<ActiveOrder>;
  ACTIVE_ORDER: OneOrder;
  ORDER_CLEARED: OneOrder;
  ORDERS_CLEARED: { count: number };
  ORDER_HISTORY: Listing<OrderSummary> & { total: number };
  STATISTICS: { statistics: Statistics };
  TOKEN_LIST: Listing<TokenInfo>;
  ORDER_PAGED: OneOrder;
  SETTINGS: { settings: GatewaySettings };
  TRACKER_LIST: Listing<TrackerItem>;
  REPEATER_LIST: { count: number; repeaters: RepeaterItem[] };
  WEBHOOK_LIST: Listing<WebhookItem>;
  BUTTON_PRESSED: { windowSeconds: number };
  /** [opentt] A tracker of the simulated floor, or its clock. */
  SIM_STATE: SimTrackerReply | { clock: SimClock };
  CLOUD_STATUS: Cloud;
  /** [opentt] radio.md §5: the attached radio. */
  RADIO_STATUS: { radio: RadioStatus };
  RANGE_STATISTICS: { range: RangeStatistics };
  /** [opentt] issue 18. */
  ORDER_READY: OneOrder;
  ORDER_READY_UNDONE: OneOrder;
  FLOORPLAN: { floorplan: FloorPlan };
  FLOORPLAN_SAVED: { floorplan: FloorPlan };
  HOOK_TOKEN_LIST: Listing<TokenInfo>;
  TOKEN_DELETED: NoData;
  PAGING_CANCELED: NoData;
  NO_TRACKER_PAGING: NoData;
  SETTINGS_CHANGED: NoData;
  WEBHOOK_REGISTERED: NoData;
  WEBHOOK_REMOVED: NoData;
  REPEATERS_CLEARED: NoData;
  INVENTORY_CLEARED: NoData;
  DEVICE_CODE_ACTIVATED: Cloud;
  ORDER_ALREADY_STARTED: OneOrder;
  ORDER_ALREADY_LOCATED: OneOrder;
  CLOUD_ACTIVATED: Cloud;
  CLOUD_UNBOUND: Cloud;
  PAIRING_ENABLED: NoData;
  PAIRING_DISABLED: NoData;
}

export type SuccessCode = keyof ReplyPayloads;

/** The envelope of spec §0: `status`, `returnCode`, `message` on confirmations. */
interface EnvelopeHead {
  status: number;
  returnCode: number;
  message?: string;
}

/** A whole success reply for a code: the payload's own fields win (the sim tracker's `status`). */
export type ReplyBody<C extends SuccessCode> = Body<ReplyPayloads[C]>;
// Distributes over a union payload (SIM_STATE), so each alternative keeps its own fields.
type Body<P> = P extends undefined ? Required<EnvelopeHead> : Omit<EnvelopeHead, keyof P> & P;

/** Which success codes each route answers (spec §1; [opentt] routes as documented in docs/). */
export interface RouteReplies {
  "GET /api/v2": "API_INFO";
  "GET /api/v2/accesstoken/generate": "TOKEN_CREATED";
  "GET /api/v2/accesstoken": "TOKEN_LIST";
  "POST /api/v2/accesstoken": "TOKEN_CREATED";
  "DELETE /api/v2/accesstoken/:name": "TOKEN_DELETED";
  "GET /api/v2/activeorders": "ACTIVE_ORDERS";
  "POST /api/v2/activeorders": "ORDER_CREATED" | "ORDER_MODIFIED" | "ORDER_ALREADY_STARTED" | "ORDER_ALREADY_LOCATED";
  "DELETE /api/v2/activeorders": "ORDERS_CLEARED";
  "GET /api/v2/activeorders/:id": "ACTIVE_ORDER";
  "DELETE /api/v2/activeorders/:id": "ORDER_CLEARED";
  "POST /api/v2/activeorders/:id/page": "ORDER_PAGED";
  "POST /api/v2/activeorders/:id/guest_paging": "ORDER_PAGED";
  "DELETE /api/v2/activeorders/:id/page": "PAGING_CANCELED" | "NO_TRACKER_PAGING";
  "POST /api/v2/activeorders/:id/ready": "ORDER_READY";
  "DELETE /api/v2/activeorders/:id/ready": "ORDER_READY_UNDONE";
  "POST /api/v2/hooks/ready": "ORDER_READY";
  "GET /api/v2/hooks/tokens": "HOOK_TOKEN_LIST";
  "POST /api/v2/hooks/tokens": "TOKEN_CREATED";
  "DELETE /api/v2/hooks/tokens/:name": "TOKEN_DELETED";
  "GET /api/v2/floorplan": "FLOORPLAN";
  "PUT /api/v2/floorplan": "FLOORPLAN_SAVED";
  "GET /api/v2/orders": "ORDER_HISTORY";
  "GET /api/v2/statistics": "STATISTICS";
  "GET /api/v2/statistics/range": "RANGE_STATISTICS";
  "POST /api/v2/register": "WEBHOOK_REGISTERED";
  "GET /api/v2/register": "WEBHOOK_LIST";
  "DELETE /api/v2/register": "WEBHOOK_REMOVED";
  "GET /api/v2/gateway/settings": "SETTINGS";
  "POST /api/v2/gateway/settings": "SETTINGS_CHANGED";
  "GET /api/v2/trackers": "TRACKER_LIST";
  "DELETE /api/v2/trackers": "INVENTORY_CLEARED";
  "GET /api/v2/repeaters": "REPEATER_LIST";
  "DELETE /api/v2/repeaters": "REPEATERS_CLEARED";
  "POST /api/v2/repeaters/beginPairing": "PAIRING_ENABLED" | "PAIRING_DISABLED";
  "POST /api/v2/repeaters/endPairing": "PAIRING_DISABLED";
  "POST /api/v2/cloud/activate": "CLOUD_ACTIVATED" | "DEVICE_CODE_ACTIVATED";
  "GET /api/v2/cloud": "CLOUD_STATUS";
  "DELETE /api/v2/cloud": "CLOUD_UNBOUND";
  "GET /api/v2/radio": "RADIO_STATUS";
  "POST /admin/button": "BUTTON_PRESSED";
  "POST /sim/button": "BUTTON_PRESSED";
  "POST /sim/trackers/:n/start": "SIM_STATE";
  "POST /sim/trackers/:n/locate": "SIM_STATE";
  "POST /sim/trackers/:n/clear": "SIM_STATE";
  "GET /sim/trackers/:n": "SIM_STATE";
  "GET /sim/clock": "SIM_STATE";
  "POST /sim/clock": "SIM_STATE";
}

export type RouteKey = keyof RouteReplies;
export type Method = "GET" | "POST" | "PUT" | "DELETE";
/** The reply of a route: one of its codes' bodies. */
export type RouteReply<R extends RouteKey> = { [C in RouteReplies[R]]: ReplyBody<C> }[RouteReplies[R]];

/** Every success code is a name of the one code table: a compile-time check. */
type Check<T extends CodeName> = T;
/** @public Exported so neither the compiler nor knip calls the check unused. */
export type _SuccessCodesAreCodeNames = Check<SuccessCode>;
