// The one table of API v2 return codes (spec §3). Numbers appear nowhere else:
// code refers to a name, and the reply builder and the SDK look the number up here.

export interface CodeEntry {
  readonly returnCode: number;
  readonly httpStatus: number;
  /** Default human text; callers may give a more precise one. */
  readonly message: string;
}

const table = {
  // Success results carrying data (§1).
  API_INFO: { returnCode: 1, httpStatus: 200, message: "Table Tracker API v2" },
  TOKEN_CREATED: { returnCode: 2, httpStatus: 201, message: "Token created" },
  ORDER_CREATED: { returnCode: 3, httpStatus: 201, message: "Order created" },
  ORDER_MODIFIED: { returnCode: 4, httpStatus: 200, message: "Order modified" },
  ACTIVE_ORDERS: { returnCode: 5, httpStatus: 200, message: "Active orders" },
  ACTIVE_ORDER: { returnCode: 6, httpStatus: 200, message: "Active order" },
  ORDER_CLEARED: { returnCode: 7, httpStatus: 200, message: "Order cleared" },
  ORDERS_CLEARED: { returnCode: 8, httpStatus: 200, message: "Orders cleared" },
  ORDER_HISTORY: { returnCode: 9, httpStatus: 200, message: "Order history" },
  STATISTICS: { returnCode: 10, httpStatus: 200, message: "Statistics" },
  TOKEN_LIST: { returnCode: 11, httpStatus: 200, message: "Access tokens" },
  ORDER_PAGED: { returnCode: 12, httpStatus: 200, message: "Order paged" },
  SETTINGS: { returnCode: 13, httpStatus: 200, message: "Gateway settings" },
  TRACKER_LIST: { returnCode: 14, httpStatus: 200, message: "Tracker inventory" },
  REPEATER_LIST: { returnCode: 15, httpStatus: 200, message: "Repeaters" },
  WEBHOOK_LIST: { returnCode: 16, httpStatus: 200, message: "Registered webhooks" },
  // [opentt] results of routes the original does not have.
  BUTTON_PRESSED: { returnCode: 17, httpStatus: 200, message: "Button pressed: the token window is open" },
  SIM_STATE: { returnCode: 18, httpStatus: 200, message: "Simulated floor" },
  CLOUD_STATUS: { returnCode: 19, httpStatus: 200, message: "Cloud binding and sync state" },
  RANGE_STATISTICS: { returnCode: 20, httpStatus: 200, message: "Statistics over a range" },
  // radio.md §5.
  RADIO_STATUS: { returnCode: 21, httpStatus: 200, message: "Radio status" },
  // [opentt] Issue 18, the floor as staff see it:
  ORDER_READY: { returnCode: 22, httpStatus: 200, message: "Order marked ready" },
  ORDER_READY_UNDONE: { returnCode: 23, httpStatus: 200, message: "Ready mark removed" },
  FLOORPLAN: { returnCode: 24, httpStatus: 200, message: "Floor plan" },
  FLOORPLAN_SAVED: { returnCode: 25, httpStatus: 200, message: "Floor plan saved" },
  HOOK_TOKEN_LIST: { returnCode: 26, httpStatus: 200, message: "Ready webhook tokens" },

  // Confirmations: 200 with a message (§3).
  TOKEN_DELETED: { returnCode: 1001, httpStatus: 200, message: "Access token deleted" },
  PAGING_CANCELED: { returnCode: 1002, httpStatus: 200, message: "Paging canceled" },
  NO_TRACKER_PAGING: { returnCode: 1003, httpStatus: 200, message: "No tracker was paging for this order" },
  SETTINGS_CHANGED: { returnCode: 1004, httpStatus: 200, message: "Settings changed" },
  WEBHOOK_REGISTERED: { returnCode: 1005, httpStatus: 200, message: "Webhook registered" },
  // [opentt] DELETE /register answers 1005 too (spec §1), with its own message.
  WEBHOOK_REMOVED: { returnCode: 1005, httpStatus: 200, message: "Webhook removed" },
  REPEATERS_CLEARED: { returnCode: 1006, httpStatus: 200, message: "Repeaters cleared" },
  INVENTORY_CLEARED: { returnCode: 1007, httpStatus: 200, message: "Tracker inventory cleared" },
  DEVICE_CODE_ACTIVATED: { returnCode: 1008, httpStatus: 200, message: "Device code activated" },
  ORDER_ALREADY_STARTED: { returnCode: 1009, httpStatus: 200, message: "Order already started" },
  ORDER_ALREADY_LOCATED: { returnCode: 1010, httpStatus: 200, message: "Order already located at this table" },
  CLOUD_ACTIVATED: { returnCode: 1011, httpStatus: 200, message: "Activated with the cloud" },
  // [opentt] DELETE /api/v2/cloud answers 1011 with its own message (docs/cloud.md).
  CLOUD_UNBOUND: { returnCode: 1011, httpStatus: 200, message: "Unbound from the cloud" },
  PAIRING_ENABLED: { returnCode: 1012, httpStatus: 200, message: "Repeater pairing enabled" },
  PAIRING_DISABLED: { returnCode: 1013, httpStatus: 200, message: "Repeater pairing disabled" },

  // Errors (§3).
  MALFORMED_AUTH_HEADER: {
    returnCode: -1,
    httpStatus: 400,
    message: "Malformed Authorization header: send 'Authorization: Bearer <48 hex characters>'",
  },
  INVALID_TOKEN: {
    returnCode: -2,
    httpStatus: 401,
    message: "Missing, invalid or deleted access token: send 'Authorization: Bearer <token>'",
  },
  TOKEN_WINDOW_CLOSED: {
    returnCode: -3,
    httpStatus: 403,
    message: "The token window is closed: press the gateway button, then ask again within 120 seconds",
  },
  INVALID_TOKEN_NAME: {
    returnCode: -4,
    httpStatus: 400,
    message: "Invalid token name: use 1-64 characters of letters, digits, '.', '_' or '-'",
  },
  DUPLICATE_TOKEN_NAME: {
    returnCode: -4,
    httpStatus: 409,
    message: "A token with this name exists: choose another name or delete the old token",
  },
  NOT_FOUND: { returnCode: -5, httpStatus: 404, message: "No such route" },
  METHOD_NOT_ALLOWED: { returnCode: -5, httpStatus: 405, message: "Method not allowed on this route" },
  UNAVAILABLE: { returnCode: -5, httpStatus: 503, message: "The gateway is unavailable" },
  FORBIDDEN: { returnCode: -5, httpStatus: 403, message: "Forbidden" },
  INTERNAL: { returnCode: -5, httpStatus: 500, message: "Internal error; the cause is in the gateway log" },
  // [opentt] refused by the HTTP parser, before any route: malformed framing, a request not
  // completed within the request timeout (slowloris), headers over the size limit.
  MALFORMED_HTTP: {
    returnCode: -31,
    httpStatus: 400,
    message: "Malformed HTTP request: check the request line, the headers and the body framing",
  },
  REQUEST_TIMEOUT: {
    returnCode: -5,
    httpStatus: 408,
    message: "The request was not completed in time: send the whole request within 30 seconds",
  },
  HEADERS_TOO_LARGE: { returnCode: -31, httpStatus: 431, message: "Request headers too large" },
  // [opentt] the database could not take a write; nothing was changed and the request may be retried.
  STORAGE_FULL: {
    returnCode: -5,
    httpStatus: 503,
    message: "The gateway's disk is full: nothing was saved. Free space on the gateway, then retry",
  },
  STORAGE_BUSY: {
    returnCode: -5,
    httpStatus: 503,
    message: "The gateway's database is locked by another program: nothing was saved. Retry shortly",
  },
  STORAGE_FAILED: {
    returnCode: -5,
    httpStatus: 503,
    message: "The gateway cannot write its database (I/O error or read-only disk): nothing was saved. Check the disk",
  },
  ORDER_NOT_FOUND: { returnCode: -6, httpStatus: 404, message: "No active order with this name or uuid" },
  INVALID_ORDER_ID: {
    returnCode: -7,
    httpStatus: 400,
    message: "Invalid order id: use the order name (1-9 digits) or its uuid",
  },
  NO_ORDER_NAME: { returnCode: -8, httpStatus: 400, message: 'Missing order name: send "name" (1-9 digits)' },
  INVALID_ORDER_NAME: {
    returnCode: -9,
    httpStatus: 400,
    message: 'Invalid order name: "name" must be a string of 1-9 digits',
  },
  INVALID_LOCATION_NAME: {
    returnCode: -10,
    httpStatus: 400,
    message: 'Invalid location name: "locationName" must be a string of digits',
  },
  NO_ORDER_TYPE: {
    returnCode: -11,
    httpStatus: 400,
    message: 'Missing order type: send "orderType" (ON_PREMISE or TO_GO) when creating an order',
  },
  INVALID_ORDER_TYPE: {
    returnCode: -12,
    httpStatus: 400,
    message: "Invalid order type: use ON_PREMISE or TO_GO",
  },
  PAGING_UNAVAILABLE: { returnCode: -13, httpStatus: 503, message: "Paging is unavailable: the radio is down" },
  PAGING_IMPOSSIBLE: {
    returnCode: -14,
    httpStatus: 409,
    message: "Paging impossible: the gateway has never seen the tracker for this order",
  },
  INVALID_BOOLEAN: { returnCode: -15, httpStatus: 400, message: 'Invalid boolean: "tracking" must be true or false' },
  INVALID_PAIRING_TIMEOUT: {
    returnCode: -16,
    httpStatus: 400,
    message: 'Invalid pairing timeout: "timeout" must be an integer from 0 to 254',
  },
  MALFORMED_DEVICE_CODE: { returnCode: -17, httpStatus: 400, message: "Malformed device code" },
  MISSING_DEVICE_CODE: { returnCode: -18, httpStatus: 400, message: 'Missing device code: send "deviceCode"' },
  INVALID_DEVICE_CODE: { returnCode: -19, httpStatus: 400, message: "Invalid or already used device code" },
  INVALID_SETTINGS_KEY: { returnCode: -20, httpStatus: 400, message: "Invalid settings key" },
  INVALID_SETTINGS_VALUE: { returnCode: -21, httpStatus: 400, message: "Invalid settings value" },
  INVALID_TARGET_TIME: {
    returnCode: -22,
    httpStatus: 400,
    message: "Invalid target_time: use a positive integer number of seconds",
  },
  INVALID_LIMIT: { returnCode: -23, httpStatus: 400, message: "Invalid limit: use an integer from 1 to 100" },
  INVALID_OFFSET: { returnCode: -24, httpStatus: 400, message: "Invalid offset: use an integer of 0 or more" },
  INVALID_DATE: {
    returnCode: -25,
    httpStatus: 400,
    message: "Invalid date: use YYYY-MM-DDTHH:MM:SS (gateway local time)",
  },
  INVALID_ORDER_UUID: {
    returnCode: -27,
    httpStatus: 400,
    message: "Invalid order uuid: use a UUID like 3f2b8c1e-6f0a-4c2d-9b7e-1a2b3c4d5e6f",
  },
  NO_HTTP_CLIENT: { returnCode: -28, httpStatus: 400, message: 'Missing webhook URL: send "http_client"' },
  INVALID_HTTP_CLIENT: {
    returnCode: -29,
    httpStatus: 400,
    message: 'Invalid webhook URL: "http_client" must be an http:// or https:// URL',
  },
  UNKNOWN_HTTP_CLIENT: { returnCode: -30, httpStatus: 404, message: "No webhook is registered with this URL" },
  INVALID_JSON: { returnCode: -31, httpStatus: 400, message: "Invalid JSON payload" },
  BODY_TOO_LARGE: {
    returnCode: -31,
    httpStatus: 413,
    message: "Request body too large: the limit is 64 KiB",
  },
  TOKEN_WAIT_TIMEOUT: { returnCode: -32, httpStatus: 408, message: "Timed out waiting for a token" },
  INVALID_TIMEOUT: { returnCode: -33, httpStatus: 400, message: "Invalid timeout" },
  TIMEOUT_OUT_OF_BOUNDS: { returnCode: -34, httpStatus: 400, message: "Timeout out of bounds" },
  // [opentt] bad input to the simulated floor's own routes.
  INVALID_SIM_INPUT: { returnCode: -35, httpStatus: 400, message: "Invalid input for the simulated floor" },
  // [opentt] the floor plan (issue 18).
  FLOORPLAN_CONFLICT: {
    returnCode: -36,
    httpStatus: 409,
    message: "The floor plan was changed by someone else: reload it, apply your changes again and save",
  },
  INVALID_FLOORPLAN: { returnCode: -37, httpStatus: 400, message: "Invalid floor plan" },
  // [opentt] GET /orders?format= (issue 18.4).
  INVALID_FORMAT: { returnCode: -38, httpStatus: 400, message: "Invalid format: use json (default) or csv" },
  // [opentt] the cloud's device-code limits (docs/cloud.md "Rate limits"); the message says when to retry.
  TOO_MANY_ATTEMPTS: { returnCode: -39, httpStatus: 429, message: "Too many attempts: wait, then try again" },
} as const satisfies Record<string, CodeEntry>;

export type CodeName = keyof typeof table;
export const returnCodes: Readonly<Record<CodeName, CodeEntry>> = table;

/** Every name that carries a given returnCode (several share -4, -5, -31). */
export function codeNamesFor(returnCode: number, httpStatus?: number): CodeName[] {
  return (Object.keys(table) as CodeName[]).filter(
    (k) => table[k].returnCode === returnCode && (httpStatus === undefined || table[k].httpStatus === httpStatus),
  );
}

/** Confirmations (1001..1013) carry a message; data replies never do (spec §0). */
export function isConfirmation(returnCode: number): boolean {
  return returnCode >= 1001 && returnCode <= 1013;
}
