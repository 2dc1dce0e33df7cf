// opentt/sdk — the browser-safe entry: a typed REST client, the button-press token dance and a
// live WebSocket session. No Node-only imports here (the Node extras are in ./node.ts).

export type { RadioStatus } from "../protocol/radio.js";
export type { CodeName } from "../protocol/return-codes.js";
export type {
  ActiveOrder,
  ClearReason,
  CloudStatus,
  FloorPlan,
  FloorplanFrame,
  FloorTable,
  GatewayInfo,
  GatewaySettings,
  IssuedToken,
  OrderEventFrame,
  OrderEventType,
  OrderState,
  OrderSummary,
  OrderType,
  RangeStatistics,
  RepeaterItem,
  ServerFrame,
  SimClock,
  SimTracker,
  SimTrackerReply,
  SnapshotFrame,
  Statistics,
  TokenInfo,
  TrackerItem,
  TrackerStatus,
  WebhookItem,
} from "../protocol/wire.js";
export { type AcquireTokenOptions, acquireToken, type WaitingInfo } from "./acquire-token.js";
export { type BackoffOptions, backoffDelay } from "./backoff.js";
export { type ClientOptions, createClient, type SimControls, type TrackerClient } from "./client.js";
export { type ClientCode, isTrackerApiError, TrackerApiError, type TrackerApiErrorCode } from "./errors.js";
export { OrderBook } from "./order-book.js";
export type { SocketConstructor, SocketFactory, SocketLike } from "./socket.js";
export {
  type SubscribeOptions,
  type Subscription,
  type SubscriptionEvents,
  type SubscriptionStatus,
  subscribe,
} from "./subscription.js";
export { normalizeBaseUrl, websocketUrl } from "./transport.js";
export type * from "./types.js";
