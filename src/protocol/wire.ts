// Wire shapes of API v2 (spec §2, §4-§10). Shared by the server and the SDK, so both
// agree on field names and nullability at compile time.

export type OrderType = "ON_PREMISE" | "TO_GO";
export type OrderState = "started" | "located" | "cleared";
export type ClearReason = "TRACKER" | "MANAGER_OVERRIDE" | "AUTOMATIC";

/** §2: an active order as GET /activeorders and the WebSocket send it. */
export interface ActiveOrder {
  name: string;
  uuid: string;
  orderType: OrderType;
  locationName: string;
  state: OrderState;
  created: string;
  stateChanged: string;
  paged: boolean;
  elapsedTime: number;
  /** [opentt] When the kitchen marked the food ready; present only while marked. */
  readyTime?: string;
}

/** §5: a history item. */
export interface OrderSummary {
  type: "ORDER_SUMMARY";
  name: string;
  uuid: string;
  orderType: OrderType;
  locationName: string | null;
  state: OrderState;
  orderStarted: string;
  orderLocated: string | null;
  orderPaged: string | null;
  orderCleared: string | null;
  orderClearedReason: ClearReason | null;
  timeToSit: number | null;
  deliveryTime: number | null;
  /** [opentt] Present only for orders marked ready. */
  readyTime?: string;
  /** [opentt] Seconds from ready to cleared (null while not cleared); present with readyTime. */
  readyToDeliveredTime?: number | null;
}

/** §9: a freshly minted token; the only time the secret is shown. */
export interface IssuedToken {
  name: string;
  token: string;
  creation_date: string;
  last_used: string | null;
  ip_address: string | null;
}

export type TokenInfo = Omit<IssuedToken, "token">;

/** [opentt] Which orders a ready mark pages: none (default), to-go orders, or all. */
type PageWhenReady = "none" | "toGo" | "all";

export interface GatewaySettings {
  zigbeePreset: string;
  targetTimeDefault: number;
  timezone: string;
  historyDays: number;
  autoClearHours: number;
  /** [opentt] In the reply only once saved, so the original's five keys are all a client sees. */
  pageWhenReady?: PageWhenReady;
}

export interface Statistics {
  averageSeconds: number;
  ordersToday: number;
  targetTime: number;
  percentGoal: number;
  /** [opentt] Present only when an order cleared today had been marked ready: how many. */
  readyOrders?: number;
  /** [opentt] Their mean ready → cleared time in whole seconds; present with readyOrders. */
  averageReadyToDelivered?: number;
}

/** [opentt] GET /statistics/range: figures over [from, to) in gateway local time. */
export interface RangeStatistics {
  from: string;
  to: string;
  targetTime: number;
  /** Orders created in the range. */
  orders: number;
  /** Orders cleared by a tracker or a manager in the range. */
  delivered: number;
  /** Mean delivery time (cleared − created) of those deliveries; null if there were none. */
  averageSeconds: number | null;
  /** Share of deliveries within targetTime, 0-100; null if there were none. */
  percentGoal: number | null;
  /** Every local hour of the range, oldest first: orders by hour created, deliveries by hour cleared. */
  hours: Array<{ hour: string; orders: number; delivered: number; averageSeconds: number | null }>;
  /** Deliveries per table, tables in numeric order; orders never located are left out. */
  tables: Array<{ locationName: string; orders: number; averageSeconds: number }>;
}

export interface GatewayInfo {
  serial: string;
  name: string;
  version: string;
  time: string;
  timezone: string;
  uptime: number;
}

export type TrackerStatus = "docked" | "started" | "located" | "paging" | "missing";

export interface TrackerItem {
  name: string;
  status: TrackerStatus;
  locationName: string;
  battery: number;
  lastSeen: string;
}

export interface RepeaterItem {
  extendedAddress: string;
  shortAddress: string;
  label: string;
  manufacturerId: number;
  profileId: number;
  parentShortAddress: string;
  firmwareVersion: string;
  hardwareVersion: string;
  remainingChildren: number;
  deviceType: string;
  deviceModel: string;
  status: "ACTIVE" | "INACTIVE";
  lastSeen: string;
}

export interface WebhookItem {
  http_client: string;
  pending: number;
  lastError: string | null;
}

/** [opentt] GET /api/v2/cloud: the gateway's binding to an opentt cloud site and its upload state. */
export interface CloudStatus {
  bound: boolean;
  cloud?: string;
  siteId?: number;
  siteName?: string;
  accountId?: number;
  accountName?: string;
  /** ISO 8601 UTC instants (real time). */
  activated?: string;
  pending: number;
  oldestPendingSeconds: number | null;
  lastUpload: string | null;
  lastAttempt: string | null;
  lastError: string | null;
  failures: number;
  nextAttempt: string | null;
  uploaded: number;
}

/** [opentt] A tracker on the simulated floor (`--sim`), as the /sim/trackers routes report it. */
export interface SimTracker {
  name: string;
  status: "docked" | "started" | "located";
  paging: boolean;
  locationName: string;
  battery: number;
}

/**
 * [opentt] The reply of every /sim/trackers route: the tracker sits under `tracker`, so the
 * envelope's `status` is always the HTTP status, as in every other reply.
 */
export interface SimTrackerReply {
  tracker: SimTracker;
}

/** [opentt] The gateway clock under `--sim`, under `clock` in the /sim/clock replies. */
export interface SimClock {
  /** Gateway-local time. */
  time: string;
  /** How far the simulated clock runs ahead of real time. */
  offsetSeconds: number;
}

export type OrderEventType = "ORDER_CREATED" | "ORDER_MODIFIED" | "ORDER_PAGED";

/** §4: the client's first frame when the upgrade carried no Authorization header. */
export interface AuthFrame {
  accesstoken: string;
}

/** §4 frames. */
export interface SnapshotFrame {
  type: "ACTIVE_ORDERS";
  seq: number;
  count: number;
  items: ActiveOrder[];
}
export type OrderEventFrame = { type: OrderEventType; seq: number } & ActiveOrder;
export type ServerFrame = SnapshotFrame | OrderEventFrame;

/**
 * [opentt] The floor plan after a successful PUT /api/v2/floorplan, whole. Sent only to clients
 * that opted in on the upgrade URL (`?floorplan=true`): a v2 client never sees a new frame type.
 * It carries no seq: it is not an order event, and the order events' seq stays gap-free.
 */
export interface FloorplanFrame {
  type: "FLOORPLAN_CHANGED";
  floorplan: FloorPlan;
}
/** [opentt] The upgrade URL's query parameter that opts in to FloorplanFrame. */
export const WS_FLOORPLAN_PARAM = "floorplan";

export const WS_PATH = "/api/v2/websocket";
/** §4 [opentt] close codes. */
export const WS_CLOSE = {
  INVALID_TOKEN: 4401,
  BAD_FRAME: 4400,
  AUTH_TIMEOUT: 4408,
  BACKLOG: 1013,
  GOING_AWAY: 1001,
} as const;
export const WS_AUTH_TIMEOUT_MS = 20_000;

/** [opentt] A table on the floor plan, in plan units (the plan is 1000 × 1000). */
export interface FloorTable {
  /** The table's tag number, as locationName reports it: 1-9 digits. */
  number: string;
  x: number;
  y: number;
  w: number;
  h: number;
  shape: "rect" | "round";
  seats: number;
  /** One of the plan's sections, or null. */
  section: string | null;
}

/** [opentt] GET/PUT /api/v2/floorplan: `version` 0 until first saved; a PUT sends the one it read. */
export interface FloorPlan {
  version: number;
  tables: FloorTable[];
  sections: string[];
}
