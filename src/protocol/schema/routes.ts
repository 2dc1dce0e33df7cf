// The route catalogue: every HTTP route of the gateway with its auth, its inputs and, per
// return code, its reply. openapi.ts turns it into the OpenAPI document; a test checks that
// the gateway registers exactly these routes. Paths use OpenAPI's {param} syntax.
import type { CodeName } from "../return-codes.js";
import type { ReplyName } from "./replies.js";
import { ref, type SchemaName } from "./shapes.js";

/**
 * bearer: spec §0 token. loopback: only callers on this machine, never a foreign web page
 * (spec §9). loopbackOrBearer: [opentt] the /sim routes answer this machine, or a token holder.
 */
export type Auth = "none" | "bearer" | "loopback" | "loopbackOrBearer";

export interface Param {
  name: string;
  description: string;
  schema: object;
  required?: boolean;
}

export interface RouteSpec {
  method: "GET" | "POST" | "DELETE";
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  auth: Auth;
  pathParams?: Param[];
  query?: Param[];
  /** The request body's shape; absent for routes that read none. */
  body?: SchemaName;
  bodyRequired?: boolean;
  replies: ReplyName[];
  /** Errors this route answers besides the ones every route of its kind does (errorsOf). */
  errors: CodeName[];
}

const orderId: Param = {
  name: "id",
  description: "Order name (1-9 digits) or uuid",
  schema: {
    oneOf: [
      { type: "string", pattern: "^[0-9]{1,9}$" },
      { type: "string", pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" },
    ],
  },
};
const orderIdErrors: CodeName[] = ["INVALID_ORDER_ID", "INVALID_ORDER_UUID", "ORDER_NOT_FOUND"];
const tracker: Param = {
  name: "n",
  description: "Tracker number",
  schema: { type: "string", pattern: "^[0-9]{1,9}$" },
};
const localTime = (name: string, description: string, required = false): Param => ({
  name,
  description,
  required,
  schema: ref("LocalTime"),
});
const targetTime: Param = {
  name: "target_time",
  description: "Seconds a delivery may take to count as on target (default: the targetTimeDefault setting)",
  schema: { type: "integer", minimum: 1 },
};

const page = (path: string, operationId: string, summary: string): RouteSpec => ({
  method: "POST",
  path,
  operationId,
  summary,
  tag: "orders",
  auth: "bearer",
  pathParams: [orderId],
  body: "PagingInput",
  replies: ["OrderPagedReply"],
  errors: [...orderIdErrors, "INVALID_BOOLEAN", "PAGING_IMPOSSIBLE", "PAGING_UNAVAILABLE"],
});
const simTracker = (verb: string, summary: string, extra: Partial<RouteSpec> = {}): RouteSpec => ({
  method: verb === "" ? "GET" : "POST",
  path: `/sim/trackers/{n}${verb === "" ? "" : `/${verb}`}`,
  operationId: `simTracker${verb === "" ? "Get" : verb[0]?.toUpperCase() + verb.slice(1)}`,
  summary,
  tag: "simulation",
  auth: "loopbackOrBearer",
  pathParams: [tracker],
  replies: ["SimTrackerReply"],
  errors: ["INVALID_SIM_INPUT"],
  ...extra,
});

export const routes: RouteSpec[] = [
  {
    method: "GET",
    path: "/api/v2",
    operationId: "getApiInfo",
    summary: "API and gateway information",
    tag: "gateway",
    auth: "none",
    replies: ["ApiInfoReply"],
    errors: [],
  },
  {
    method: "GET",
    path: "/api/v2/accesstoken/generate",
    operationId: "generateToken",
    summary: "Generate a token while the button window is open",
    tag: "tokens",
    auth: "none",
    query: [
      {
        name: "name",
        description: "The token's name",
        schema: { type: "string", pattern: "^[A-Za-z0-9._-]{1,64}$", default: "default" },
      },
    ],
    replies: ["TokenCreatedReply"],
    errors: ["TOKEN_WINDOW_CLOSED", "INVALID_TOKEN_NAME", "DUPLICATE_TOKEN_NAME"],
  },
  {
    method: "GET",
    path: "/api/v2/accesstoken",
    operationId: "listTokens",
    summary: "[opentt] List tokens (no secrets)",
    tag: "tokens",
    auth: "bearer",
    replies: ["TokenListReply"],
    errors: [],
  },
  {
    method: "POST",
    path: "/api/v2/accesstoken",
    operationId: "createToken",
    summary: "Mint a token under an existing token's authority",
    tag: "tokens",
    auth: "bearer",
    body: "TokenNameInput",
    bodyRequired: true,
    replies: ["TokenCreatedReply"],
    errors: ["INVALID_TOKEN_NAME", "DUPLICATE_TOKEN_NAME"],
  },
  {
    method: "DELETE",
    path: "/api/v2/accesstoken/{name}",
    operationId: "revokeToken",
    summary: "[opentt] Revoke a token by name",
    tag: "tokens",
    auth: "bearer",
    pathParams: [{ name: "name", description: "The token's name", schema: { type: "string", minLength: 1 } }],
    replies: ["TokenDeletedReply"],
    errors: ["INVALID_TOKEN_NAME"],
  },
  {
    method: "GET",
    path: "/api/v2/activeorders",
    operationId: "listOrders",
    summary: "List active orders",
    tag: "orders",
    auth: "bearer",
    replies: ["ActiveOrdersReply"],
    errors: [],
  },
  {
    method: "POST",
    path: "/api/v2/activeorders",
    operationId: "upsertOrder",
    summary: "Create an order, or modify the active order of that name",
    tag: "orders",
    auth: "bearer",
    body: "OrderInput",
    bodyRequired: true,
    replies: ["OrderCreatedReply", "OrderModifiedReply", "OrderAlreadyStartedReply", "OrderAlreadyLocatedReply"],
    errors: ["NO_ORDER_NAME", "INVALID_ORDER_NAME", "INVALID_LOCATION_NAME", "NO_ORDER_TYPE", "INVALID_ORDER_TYPE"],
  },
  {
    method: "DELETE",
    path: "/api/v2/activeorders",
    operationId: "clearAllOrders",
    summary: "Clear every active order",
    tag: "orders",
    auth: "bearer",
    replies: ["OrdersClearedReply"],
    errors: [],
  },
  {
    method: "GET",
    path: "/api/v2/activeorders/{id}",
    operationId: "getOrder",
    summary: "Read one active order",
    tag: "orders",
    auth: "bearer",
    pathParams: [orderId],
    replies: ["ActiveOrderReply"],
    errors: orderIdErrors,
  },
  {
    method: "DELETE",
    path: "/api/v2/activeorders/{id}",
    operationId: "clearOrder",
    summary: "Clear one active order",
    tag: "orders",
    auth: "bearer",
    pathParams: [orderId],
    replies: ["OrderClearedReply"],
    errors: orderIdErrors,
  },
  page("/api/v2/activeorders/{id}/page", "pageOrder", "Page the order's tracker"),
  page("/api/v2/activeorders/{id}/guest_paging", "guestPaging", "Alias of /page (a shipping KDS client calls it)"),
  {
    method: "DELETE",
    path: "/api/v2/activeorders/{id}/page",
    operationId: "unpageOrder",
    summary: "Stop paging the order's tracker",
    tag: "orders",
    auth: "bearer",
    pathParams: [orderId],
    replies: ["PagingCanceledReply", "NoTrackerPagingReply"],
    errors: [...orderIdErrors, "PAGING_UNAVAILABLE"],
  },
  {
    method: "GET",
    path: "/api/v2/orders",
    operationId: "history",
    summary: "Order history, newest first",
    tag: "history",
    auth: "bearer",
    query: [
      { name: "offset", description: "Items to skip", schema: { type: "integer", minimum: 0, default: 0 } },
      { name: "limit", description: "Page size", schema: { type: "integer", minimum: 1, maximum: 100, default: 25 } },
      localTime("created_after", "Orders created at or after this local time"),
      localTime("created_before", "Orders created before this local time"),
      { name: "order_type", description: "Only this type", schema: { type: "string", enum: ["ON_PREMISE", "TO_GO"] } },
      { name: "location_name", description: "Only this table", schema: { type: "string", pattern: "^[0-9]+$" } },
    ],
    replies: ["OrderHistoryReply"],
    errors: ["INVALID_LIMIT", "INVALID_OFFSET", "INVALID_DATE", "INVALID_ORDER_TYPE", "INVALID_LOCATION_NAME"],
  },
  {
    method: "GET",
    path: "/api/v2/statistics",
    operationId: "statistics",
    summary: "Today's delivery statistics",
    tag: "history",
    auth: "bearer",
    query: [targetTime],
    replies: ["StatisticsReply"],
    errors: ["INVALID_TARGET_TIME"],
  },
  {
    method: "GET",
    path: "/api/v2/statistics/range",
    operationId: "statisticsRange",
    summary: "[opentt] Orders and delivery times per hour and per table over up to 92 days",
    tag: "history",
    auth: "bearer",
    query: [
      localTime("from", "Start of the range, inclusive", true),
      localTime("to", "End of the range, exclusive", true),
      targetTime,
    ],
    replies: ["RangeStatisticsReply"],
    errors: ["INVALID_DATE", "INVALID_TARGET_TIME"],
  },
  {
    method: "POST",
    path: "/api/v2/register",
    operationId: "registerWebhook",
    summary: "Register a webhook URL",
    tag: "webhooks",
    auth: "bearer",
    body: "WebhookInput",
    bodyRequired: true,
    replies: ["WebhookRegisteredReply"],
    errors: ["NO_HTTP_CLIENT", "INVALID_HTTP_CLIENT"],
  },
  {
    method: "GET",
    path: "/api/v2/register",
    operationId: "listWebhooks",
    summary: "[opentt] List webhooks",
    tag: "webhooks",
    auth: "bearer",
    replies: ["WebhookListReply"],
    errors: [],
  },
  {
    method: "DELETE",
    path: "/api/v2/register",
    operationId: "unregisterWebhook",
    summary: "[opentt] Remove a webhook",
    tag: "webhooks",
    auth: "bearer",
    body: "WebhookInput",
    bodyRequired: true,
    replies: ["WebhookRegisteredReply"],
    errors: ["NO_HTTP_CLIENT", "INVALID_HTTP_CLIENT", "UNKNOWN_HTTP_CLIENT"],
  },
  {
    method: "GET",
    path: "/api/v2/gateway/settings",
    operationId: "getSettings",
    summary: "Read settings",
    tag: "settings",
    auth: "bearer",
    replies: ["SettingsReply"],
    errors: [],
  },
  {
    method: "POST",
    path: "/api/v2/gateway/settings",
    operationId: "updateSettings",
    summary: "Change any subset of the settings",
    tag: "settings",
    auth: "bearer",
    body: "SettingsPatch",
    bodyRequired: true,
    replies: ["SettingsChangedReply"],
    errors: ["INVALID_SETTINGS_KEY", "INVALID_SETTINGS_VALUE"],
  },
  {
    method: "GET",
    path: "/api/v2/trackers",
    operationId: "trackers",
    summary: "[opentt] Tracker inventory",
    tag: "hardware",
    auth: "bearer",
    replies: ["TrackerListReply"],
    errors: [],
  },
  {
    method: "DELETE",
    path: "/api/v2/trackers",
    operationId: "clearTrackers",
    summary: "[opentt] Clear the tracker inventory",
    tag: "hardware",
    auth: "bearer",
    replies: ["InventoryClearedReply"],
    errors: [],
  },
  {
    method: "GET",
    path: "/api/v2/repeaters",
    operationId: "repeaters",
    summary: "Repeaters",
    tag: "hardware",
    auth: "bearer",
    query: [{ name: "refresh", description: "Ask the repeaters again", schema: { type: "boolean", default: false } }],
    replies: ["RepeaterListReply"],
    errors: ["INVALID_BOOLEAN"],
  },
  {
    method: "DELETE",
    path: "/api/v2/repeaters",
    operationId: "clearRepeaters",
    summary: "Clear repeaters",
    tag: "hardware",
    auth: "bearer",
    replies: ["RepeatersClearedReply"],
    errors: [],
  },
  {
    method: "POST",
    path: "/api/v2/repeaters/beginPairing",
    operationId: "beginPairing",
    summary: "Open repeater pairing for timeout seconds (0 closes it)",
    tag: "hardware",
    auth: "bearer",
    body: "PairingInput",
    replies: ["PairingEnabledReply", "PairingDisabledReply"],
    errors: ["INVALID_PAIRING_TIMEOUT"],
  },
  {
    method: "POST",
    path: "/api/v2/repeaters/endPairing",
    operationId: "endPairing",
    summary: "Close repeater pairing",
    tag: "hardware",
    auth: "bearer",
    replies: ["PairingDisabledReply"],
    errors: [],
  },
  {
    method: "POST",
    path: "/api/v2/cloud/activate",
    operationId: "cloudActivate",
    summary: "[opentt] Bind this gateway to a cloud site with a one-time device code",
    tag: "cloud",
    auth: "bearer",
    body: "CloudActivateInput",
    bodyRequired: true,
    replies: ["CloudActivatedReply", "DeviceCodeActivatedReply"],
    errors: [
      "MISSING_DEVICE_CODE",
      "MALFORMED_DEVICE_CODE",
      "INVALID_DEVICE_CODE",
      "INVALID_HTTP_CLIENT",
      "UNAVAILABLE",
    ],
  },
  {
    method: "GET",
    path: "/api/v2/cloud",
    operationId: "cloudStatus",
    summary: "[opentt] Cloud binding and sync state",
    tag: "cloud",
    auth: "bearer",
    replies: ["CloudStatusReply"],
    errors: [],
  },
  {
    method: "DELETE",
    path: "/api/v2/cloud",
    operationId: "cloudUnbind",
    summary: "[opentt] Unbind from the cloud (unsent changes are dropped)",
    tag: "cloud",
    auth: "bearer",
    replies: ["CloudActivatedReply"],
    errors: ["NOT_FOUND"],
  },
  {
    method: "POST",
    path: "/admin/button",
    operationId: "pressButton",
    summary: "[opentt] Press the gateway button (loopback only)",
    tag: "gateway",
    auth: "loopback",
    replies: ["ButtonPressedReply"],
    errors: [],
  },
  simTracker("start", "Tap tracker n on the starter unit"),
  simTracker("locate", "Set tracker n on a table", {
    body: "SimLocateInput",
    bodyRequired: true,
    errors: ["INVALID_SIM_INPUT", "INVALID_LOCATION_NAME"],
  }),
  simTracker("clear", "Put tracker n on the clearing dock"),
  simTracker("", "What tracker n is doing"),
  {
    method: "POST",
    path: "/sim/button",
    operationId: "simPressButton",
    summary: "Press the gateway button (loopback only)",
    tag: "simulation",
    auth: "loopback",
    replies: ["ButtonPressedReply"],
    errors: [],
  },
  {
    method: "GET",
    path: "/sim/clock",
    operationId: "simClock",
    summary: "The gateway clock",
    tag: "simulation",
    auth: "loopbackOrBearer",
    replies: ["SimClockReply"],
    errors: [],
  },
  {
    method: "POST",
    path: "/sim/clock",
    operationId: "simAdvanceClock",
    summary: "Move the gateway clock forward",
    tag: "simulation",
    auth: "loopbackOrBearer",
    body: "SimClockInput",
    bodyRequired: true,
    replies: ["SimClockReply"],
    errors: ["INVALID_SIM_INPUT"],
  },
];

/**
 * Every error a route can answer: its own, plus what its kind always may (spec §0, §3): token
 * errors, the loopback refusal, an unreadable or oversized body on POST/DELETE, a path that is
 * not valid percent-encoding, a write the disk refused (503) and, never meant to happen, 500.
 */
export function errorsOf(r: RouteSpec): CodeName[] {
  const out = new Set<CodeName>(r.errors);
  if (r.auth === "bearer" || r.auth === "loopbackOrBearer") {
    out.add("MALFORMED_AUTH_HEADER");
    out.add("INVALID_TOKEN");
  }
  if (r.auth === "loopback") out.add("FORBIDDEN");
  if (r.method !== "GET") {
    out.add("INVALID_JSON");
    out.add("BODY_TOO_LARGE");
    out.add("UNAVAILABLE");
  }
  if (r.path.includes("{")) out.add("NOT_FOUND");
  out.add("INTERNAL");
  return [...out];
}
