// Every wire shape of API v2 as a JSON Schema (2020-12, the dialect of OpenAPI 3.1 and of
// AsyncAPI 3's default schema format), written once. The OpenAPI and AsyncAPI documents both
// put these under components/schemas and refer to them with $ref; wire.ts holds the same
// shapes as TypeScript, and test/api/types-check proves the two agree.

/** A reference to another shape of this file. */
export const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` }) as const;

const localTime = {
  type: "string",
  pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$",
  description: "Gateway-local time without zone, YYYY-MM-DDTHH:MM:SS (spec §0)",
  examples: ["2026-11-23T12:30:00"],
} as const;
const nullable = <T extends object>(s: T) => ({ oneOf: [s, { type: "null" }] }) as const;
const count = { type: "integer", minimum: 0 } as const;
const seconds = { type: "integer", minimum: 0, description: "Seconds" } as const;
const digits = { type: "string", pattern: "^[0-9]{1,9}$" } as const;
/** Real POS clients send `{"name": 12}` for "12" (spec §2): whole numbers are accepted too. */
const digitsInput = { oneOf: [digits, { type: "integer", minimum: 0, maximum: 999_999_999 }] } as const;
const uuid = {
  type: "string",
  pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
  format: "uuid",
} as const;
const orderType = { type: "string", enum: ["ON_PREMISE", "TO_GO"] } as const;
const orderState = { type: "string", enum: ["started", "located", "cleared"] } as const;
const isoInstant = { type: "string", format: "date-time", description: "ISO 8601 UTC instant (real time)" } as const;

/** A closed object: every property listed is required unless named in `optional`. */
function object<P extends Record<string, object>>(description: string, properties: P, optional: string[] = []) {
  return {
    type: "object",
    description,
    additionalProperties: false,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  } as const;
}

const activeOrderFields = {
  name: { ...digits, description: "Order number: the number printed on the guest's tracker" },
  uuid,
  orderType,
  locationName: { type: "string", pattern: "^[0-9]*$", description: 'Table number; "" until located' },
  state: orderState,
  created: localTime,
  stateChanged: localTime,
  paged: { type: "boolean" },
  elapsedTime: { ...seconds, description: "Seconds since created" },
  readyTime: { ...localTime, description: "[opentt] When the kitchen marked the food ready; only while marked" },
} as const;
const pageWhenReady = {
  type: "string",
  enum: ["none", "toGo", "all"],
  description: "[opentt] Which orders a ready mark pages; in the reply only once saved",
} as const;
// The settings as GET /settings answers them and as a PUT may send any subset of them (spec §7).
const settingsFields = {
  zigbeePreset: { type: "string", pattern: "^[A-H]$" },
  targetTimeDefault: { type: "integer", minimum: 1, maximum: 86400 },
  timezone: { type: "string", description: "IANA zone name or a UTC offset like -05:00" },
  historyDays: { type: "integer", minimum: 1, maximum: 90 },
  autoClearHours: { type: "integer", minimum: 1, maximum: 72 },
  pageWhenReady,
} as const;
const floorTable = object("[opentt] A table on the floor plan, in plan units (the plan is 1000 × 1000)", {
  number: { ...digits, description: "The table's tag number, as locationName reports it" },
  x: { type: "integer", minimum: 0, maximum: 980 },
  y: { type: "integer", minimum: 0, maximum: 980 },
  w: { type: "integer", minimum: 20, maximum: 400 },
  h: { type: "integer", minimum: 20, maximum: 400 },
  shape: { type: "string", enum: ["rect", "round"], description: "On a PUT, rect when left out" },
  seats: { type: "integer", minimum: 0, maximum: 99, description: "On a PUT, 0 when left out" },
  section: nullable({ type: "string", minLength: 1, maxLength: 40, description: "One of the plan's sections" }),
});

const simTracker = object("[opentt] A tracker on the simulated floor", {
  name: digits,
  status: { type: "string", enum: ["docked", "started", "located"] },
  paging: { type: "boolean" },
  locationName: { type: "string", pattern: "^[0-9]*$" },
  battery: { type: "integer", minimum: 0, maximum: 100 },
});

export const shapes = {
  LocalTime: localTime,
  ActiveOrder: object("An active order (spec §2)", activeOrderFields, ["readyTime"]),
  OrderSummary: object(
    "A history item, also the webhook payload (spec §5, §8)",
    {
      type: { const: "ORDER_SUMMARY" },
      name: digits,
      uuid,
      orderType,
      locationName: nullable({ type: "string", pattern: "^[0-9]+$" }),
      state: orderState,
      orderStarted: localTime,
      orderLocated: nullable(localTime),
      orderPaged: nullable(localTime),
      orderCleared: nullable(localTime),
      orderClearedReason: nullable({ type: "string", enum: ["TRACKER", "MANAGER_OVERRIDE", "AUTOMATIC"] }),
      timeToSit: nullable(seconds),
      deliveryTime: nullable(seconds),
      readyTime: { ...localTime, description: "[opentt] Present only for orders marked ready" },
      readyToDeliveredTime: nullable({ ...seconds, description: "[opentt] Ready to cleared; present with readyTime" }),
    },
    ["readyTime", "readyToDeliveredTime"],
  ),
  IssuedToken: object("A freshly minted token: the only time its secret is shown (spec §9)", {
    name: { type: "string" },
    token: { type: "string", pattern: "^[0-9a-f]{48}$" },
    creation_date: localTime,
    last_used: nullable(localTime),
    ip_address: nullable({ type: "string" }),
  }),
  TokenInfo: object("A token without its secret (spec §9)", {
    name: { type: "string" },
    creation_date: localTime,
    last_used: nullable(localTime),
    ip_address: nullable({ type: "string" }),
  }),
  GatewaySettings: object("Gateway settings (spec §7)", settingsFields, ["pageWhenReady"]),
  Statistics: object(
    "Orders cleared today (spec §6)",
    {
      averageSeconds: { type: "number", minimum: 0 },
      ordersToday: count,
      targetTime: { type: "integer", minimum: 1 },
      percentGoal: { type: "number", minimum: 0, maximum: 100 },
      readyOrders: { ...count, description: "[opentt] Orders cleared today that were marked ready; only when any" },
      averageReadyToDelivered: { ...seconds, description: "[opentt] Their mean ready → cleared time" },
    },
    ["readyOrders", "averageReadyToDelivered"],
  ),
  RangeStatistics: object("[opentt] Orders and delivery times over [from, to)", {
    from: localTime,
    to: localTime,
    targetTime: { type: "integer", minimum: 1 },
    orders: count,
    delivered: count,
    averageSeconds: nullable({ type: "number", minimum: 0 }),
    percentGoal: nullable({ type: "number", minimum: 0, maximum: 100 }),
    hours: {
      type: "array",
      items: object("One local hour", {
        hour: localTime,
        orders: count,
        delivered: count,
        averageSeconds: nullable({ type: "number", minimum: 0 }),
      }),
    },
    tables: {
      type: "array",
      items: object("Deliveries at one table", {
        locationName: { type: "string", pattern: "^[0-9]+$" },
        orders: count,
        averageSeconds: { type: "number", minimum: 0 },
      }),
    },
  }),
  GatewayInfo: object("What the gateway is; nothing secret (spec §1)", {
    serial: { type: "string" },
    name: { type: "string" },
    version: { type: "string" },
    time: localTime,
    timezone: { type: "string" },
    uptime: seconds,
  }),
  TrackerItem: object("[opentt] A tracker the gateway has seen (spec §10)", {
    name: digits,
    status: { type: "string", enum: ["docked", "started", "located", "paging", "missing"] },
    locationName: { type: "string", pattern: "^[0-9]*$" },
    battery: { type: "integer", minimum: 0, maximum: 100 },
    lastSeen: localTime,
  }),
  RepeaterItem: object("A repeater (spec §10)", {
    extendedAddress: { type: "string" },
    shortAddress: { type: "string" },
    label: { type: "string" },
    manufacturerId: { type: "integer" },
    profileId: { type: "integer" },
    parentShortAddress: { type: "string" },
    firmwareVersion: { type: "string" },
    hardwareVersion: { type: "string" },
    remainingChildren: count,
    deviceType: { type: "string" },
    deviceModel: { type: "string" },
    status: { type: "string", enum: ["ACTIVE", "INACTIVE"] },
    lastSeen: localTime,
  }),
  WebhookItem: object("A registered webhook (spec §8)", {
    http_client: { type: "string", format: "uri" },
    pending: { ...count, description: "Undelivered changes" },
    lastError: nullable({ type: "string" }),
  }),
  SimTracker: simTracker,
  SimClock: object("[opentt] The simulated gateway clock", {
    time: localTime,
    offsetSeconds: { type: "integer", description: "How far the simulated clock runs ahead of real time" },
  }),
  CloudStatus: object(
    "[opentt] The cloud binding and the upload queue",
    {
      bound: { type: "boolean" },
      cloud: { type: "string", format: "uri" },
      siteId: { type: "integer" },
      siteName: { type: "string" },
      accountId: { type: "integer" },
      accountName: { type: "string" },
      activated: isoInstant,
      pending: count,
      oldestPendingSeconds: nullable(seconds),
      lastUpload: nullable(isoInstant),
      lastAttempt: nullable(isoInstant),
      lastError: nullable({ type: "string" }),
      failures: count,
      nextAttempt: nullable(isoInstant),
      uploaded: count,
    },
    ["cloud", "siteId", "siteName", "accountId", "accountName", "activated"],
  ),
  RadioStatus: object("[opentt] The attached radio (radio.md §5)", {
    kind: { type: "string", enum: ["mqtt", "serial", "lrs", "sim", "none"] },
    online: { type: "boolean" },
    since: localTime,
    url: { type: "string", description: "Without credentials" },
    events: count,
    rejected: count,
    stale: count,
    lastError: nullable({ type: "string" }),
  }),
  FloorPlan: object("[opentt] The floor plan; version 0 and no tables until first saved", {
    version: { type: "integer", minimum: 0, description: "Bumped by every save; a PUT sends the one it read" },
    tables: { type: "array", maxItems: 500, items: floorTable },
    sections: { type: "array", maxItems: 50, items: { type: "string", minLength: 1, maxLength: 40 } },
  }),
  ErrorEnvelope: object("An error: what went wrong and what to fix (spec §3)", {
    status: { type: "integer", minimum: 400, maximum: 599 },
    returnCode: { type: "integer", maximum: -1 },
    message: { type: "string", minLength: 1 },
  }),

  // Request bodies.
  OrderInput: object(
    "Create an order, or modify the active order of that name (spec §2)",
    {
      name: digitsInput,
      orderType: { type: "string", enum: ["ON_PREMISE", "ON_PREMISES", "TO_GO"], description: "Required on create" },
      locationName: { ...digitsInput, description: "Table number; omit for a started order" },
    },
    ["orderType", "locationName"],
  ),
  PagingInput: object(
    "Paging options (spec §2)",
    { tracking: { type: "boolean", default: true, description: "Keep paging until docked, cleared or canceled" } },
    ["tracking"],
  ),
  TokenNameInput: object("A new token's name", { name: { type: "string", pattern: "^[A-Za-z0-9._-]{1,64}$" } }),
  WebhookInput: object("A webhook URL (spec §8)", {
    http_client: { type: "string", format: "uri", pattern: "^https?://", maxLength: 2048 },
  }),
  SettingsPatch: object("Any subset of the settings (spec §7)", settingsFields, [
    "zigbeePreset",
    "targetTimeDefault",
    "timezone",
    "historyDays",
    "autoClearHours",
    "pageWhenReady",
  ]),
  PairingInput: object(
    "Repeater pairing window (spec §1); [opentt] without a timeout pairing opens for 254 s",
    { timeout: { type: "integer", minimum: 0, maximum: 254 } },
    ["timeout"],
  ),
  CloudActivateInput: object("[opentt] Bind to a cloud site", {
    deviceCode: { type: "string", examples: ["ABCD-EFGH"] },
    cloud: { type: "string", format: "uri", pattern: "^https?://" },
  }),
  FloorPlanInput: {
    description: "[opentt] The plan to save, with the version read; bare or as {floorplan: …}",
    oneOf: [
      { $ref: "#/components/schemas/FloorPlan" },
      object("The plan under a key", { floorplan: { $ref: "#/components/schemas/FloorPlan" } }),
    ],
  },
  SimLocateInput: object("[opentt] The table tag a simulated tracker reads", { table: digitsInput }),
  SimClockInput: object("[opentt] Move the simulated clock forward", {
    advanceSeconds: { type: "number", minimum: 0, maximum: 366 * 86400 },
  }),
} as const;

/** The WebSocket's frames (spec §4): AsyncAPI components beside ActiveOrder and ErrorEnvelope. */
export const frameShapes = {
  AuthFrame: object("The first frame of a client that did not authenticate on the upgrade", {
    accesstoken: { type: "string", pattern: "^[0-9a-f]{48}$" },
  }),
  SnapshotFrame: object("Every active order, sent once after authentication", {
    type: { const: "ACTIVE_ORDERS" },
    seq: { ...count, description: "The seq of the last event already applied" },
    count,
    items: { type: "array", items: { $ref: "#/components/schemas/ActiveOrder" } },
  }),
  FloorplanFrame: object(
    "[opentt] The floor plan as just saved by PUT /api/v2/floorplan; only to clients that opted in with ?floorplan=true on the upgrade URL. No seq: it is not an order event",
    {
      type: { const: "FLOORPLAN_CHANGED" },
      floorplan: { $ref: "#/components/schemas/FloorPlan" },
    },
  ),
  OrderEventFrame: object(
    "One order change; a clear is an ORDER_MODIFIED in state cleared",
    {
      type: { type: "string", enum: ["ORDER_CREATED", "ORDER_MODIFIED", "ORDER_PAGED"] },
      seq: { type: "integer", minimum: 1, description: "One more than the previous event's, across restarts" },
      ...activeOrderFields,
    },
    ["readyTime"],
  ),
} as const;

export type SchemaName = keyof typeof shapes | keyof typeof frameShapes;
