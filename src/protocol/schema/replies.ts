// Every success reply of API v2 as a JSON Schema: the envelope (status, returnCode, and a
// message only on confirmations, spec §0) around the data its return code carries. Each is
// one component of the OpenAPI document; routes.ts names them per route.
import { type CodeName, isConfirmation, returnCodes } from "../return-codes.js";
import { ref } from "./shapes.js";

const count = { type: "integer", minimum: 0 } as const;
const list = (item: Parameters<typeof ref>[0]) => ({ type: "array", items: ref(item) }) as const;

/** The closed envelope of one return code around its data. */
function reply<P extends Record<string, object>>(code: CodeName, description: string, data: P = {} as P) {
  const { returnCode, httpStatus } = returnCodes[code];
  const message = isConfirmation(returnCode) ? { message: { type: "string", minLength: 1 } } : {};
  const properties = {
    status: { const: httpStatus },
    returnCode: { const: returnCode },
    ...message,
    ...data,
  } as const;
  return {
    code,
    schema: {
      type: "object",
      description: `returnCode ${returnCode} (${code}): ${description}`,
      additionalProperties: false,
      required: Object.keys(properties),
      properties,
    },
  } as const;
}

const order = { activeorder: ref("ActiveOrder") } as const;
const cloud = { cloud: ref("CloudStatus") } as const;

export const replies = {
  ApiInfoReply: reply("API_INFO", "API and gateway information", {
    // [opentt] kept on this one data reply: clients written for the original recognise the API
    // by it (the conformance kit checks it), though spec §0 says data replies carry no message.
    message: { const: "Table Tracker API v2" },
    api: { const: "v2" },
    gateway: ref("GatewayInfo"),
  }),
  TokenCreatedReply: reply("TOKEN_CREATED", "token created; the secret is shown this once", {
    token: ref("IssuedToken"),
  }),
  TokenListReply: reply("TOKEN_LIST", "tokens, without their secrets", { count, items: list("TokenInfo") }),
  TokenDeletedReply: reply("TOKEN_DELETED", "token deleted"),
  OrderCreatedReply: reply("ORDER_CREATED", "order created", order),
  OrderModifiedReply: reply("ORDER_MODIFIED", "order modified", order),
  OrderAlreadyStartedReply: reply("ORDER_ALREADY_STARTED", "nothing to change: still started", order),
  OrderAlreadyLocatedReply: reply("ORDER_ALREADY_LOCATED", "nothing to change: already at that table", order),
  ActiveOrdersReply: reply("ACTIVE_ORDERS", "every active order", { count, items: list("ActiveOrder") }),
  ActiveOrderReply: reply("ACTIVE_ORDER", "one active order", order),
  OrderClearedReply: reply("ORDER_CLEARED", "the order, now cleared", order),
  OrdersClearedReply: reply("ORDERS_CLEARED", "how many orders were cleared", { count }),
  OrderPagedReply: reply("ORDER_PAGED", "the order, its tracker paging", order),
  PagingCanceledReply: reply("PAGING_CANCELED", "paging canceled"),
  NoTrackerPagingReply: reply("NO_TRACKER_PAGING", "no tracker was paging for this order"),
  OrderHistoryReply: reply("ORDER_HISTORY", "one page of history, newest first", {
    count: { ...count, description: "Items in this page" },
    total: { ...count, description: "[opentt] All matching orders" },
    items: list("OrderSummary"),
  }),
  StatisticsReply: reply("STATISTICS", "today's delivery statistics", { statistics: ref("Statistics") }),
  RangeStatisticsReply: reply("RANGE_STATISTICS", "statistics over a range", { range: ref("RangeStatistics") }),
  SettingsReply: reply("SETTINGS", "the settings", { settings: ref("GatewaySettings") }),
  SettingsChangedReply: reply("SETTINGS_CHANGED", "settings changed"),
  WebhookRegisteredReply: reply("WEBHOOK_REGISTERED", "webhook registered (or removed)"),
  WebhookListReply: reply("WEBHOOK_LIST", "registered webhooks", { count, items: list("WebhookItem") }),
  TrackerListReply: reply("TRACKER_LIST", "tracker inventory", { count, items: list("TrackerItem") }),
  InventoryClearedReply: reply("INVENTORY_CLEARED", "tracker inventory cleared"),
  RepeaterListReply: reply("REPEATER_LIST", "repeaters", { count, repeaters: list("RepeaterItem") }),
  RepeatersClearedReply: reply("REPEATERS_CLEARED", "repeaters cleared"),
  PairingEnabledReply: reply("PAIRING_ENABLED", "repeater pairing enabled"),
  PairingDisabledReply: reply("PAIRING_DISABLED", "repeater pairing disabled"),
  ButtonPressedReply: reply("BUTTON_PRESSED", "the token window is open", {
    windowSeconds: { type: "integer", minimum: 0, description: "Seconds left in the token window" },
  }),
  CloudStatusReply: reply("CLOUD_STATUS", "cloud binding and sync state", cloud),
  CloudActivatedReply: reply("CLOUD_ACTIVATED", "bound to the cloud (or unbound, on DELETE)", cloud),
  DeviceCodeActivatedReply: reply("DEVICE_CODE_ACTIVATED", "moved to another cloud site", cloud),
  RadioStatusReply: reply("RADIO_STATUS", "the attached radio", { radio: ref("RadioStatus") }),
  SimTrackerReply: reply("SIM_STATE", "a tracker of the simulated floor", { tracker: ref("SimTracker") }),
  SimClockReply: reply("SIM_STATE", "the simulated clock", { clock: ref("SimClock") }),
} as const;

export type ReplyName = keyof typeof replies;
