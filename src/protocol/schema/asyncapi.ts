// The AsyncAPI 3 document of the WebSocket (spec §4), from the same shapes as the OpenAPI
// document. Operations are the gateway's own view: it receives the auth frame and sends the
// snapshot, the order events and the error frames. Served at /docs/asyncapi.json.
import { returnCodes } from "../return-codes.js";
import { WS_AUTH_TIMEOUT_MS, WS_CLOSE, WS_FLOORPLAN_PARAM, WS_PATH } from "../wire.js";
import { frameShapes, ref, shapes } from "./shapes.js";

const CLOSE_CODES: Record<(typeof WS_CLOSE)[keyof typeof WS_CLOSE], string> = {
  [WS_CLOSE.INVALID_TOKEN]: "invalid, unknown or revoked token (after an error frame with returnCode -2)",
  [WS_CLOSE.BAD_FRAME]: "the first frame is not JSON or not {accesstoken} (after an error frame with returnCode -31)",
  [WS_CLOSE.AUTH_TIMEOUT]: `no access token within ${WS_AUTH_TIMEOUT_MS / 1000} seconds`,
  [WS_CLOSE.BACKLOG]: "the client's unsent backlog passed 1 MiB: reconnect and resync",
  [WS_CLOSE.GOING_AWAY]: "the gateway is shutting down",
};

const channelMessage = (name: string) => ({ $ref: `#/channels/orders/messages/${name}` });

export function buildAsyncApi(version: string) {
  const closeList = Object.entries(CLOSE_CODES)
    .map(([code, why]) => `${code}: ${why}`)
    .join("; ");
  return {
    asyncapi: "3.1.0",
    info: {
      title: "opentt — Table Tracker WebSocket",
      version,
      description:
        "Live active orders (spec §4). Authenticate with `Authorization: Bearer <token>` on the upgrade (a bad " +
        `token refuses it with 401 and the error envelope), or send {"accesstoken": "<token>"} as the first text ` +
        `frame within ${WS_AUTH_TIMEOUT_MS / 1000} seconds. Nothing is sent before authentication. Then one ` +
        "ACTIVE_ORDERS snapshot, then every change in seq order; a data frame never has a `message` key. " +
        `[opentt] Add ?${WS_FLOORPLAN_PARAM}=true to the URL to also receive FLOORPLAN_CHANGED after each saved ` +
        `floor plan (a value other than true or false refuses the upgrade with 400, returnCode -15); without it ` +
        "a client sees only the frames above. " +
        `Close codes: ${closeList}. The REST API is at /docs/json.`,
      license: { name: "MIT" },
    },
    defaultContentType: "application/json",
    servers: {
      gateway: {
        host: "localhost:8000",
        protocol: "ws",
        description: "A gateway on this machine; port 8000 by default, the same port as the REST API",
        security: [{ $ref: "#/components/securitySchemes/bearer" }],
      },
    },
    channels: {
      orders: {
        address: WS_PATH,
        title: "Active orders",
        description: `Close codes: ${closeList}.`,
        messages: {
          accessToken: { $ref: "#/components/messages/accessToken" },
          snapshot: { $ref: "#/components/messages/snapshot" },
          orderEvent: { $ref: "#/components/messages/orderEvent" },
          floorplanChanged: { $ref: "#/components/messages/floorplanChanged" },
          error: { $ref: "#/components/messages/error" },
        },
        bindings: {
          ws: {
            method: "GET",
            query: {
              type: "object",
              properties: {
                [WS_FLOORPLAN_PARAM]: {
                  type: "string",
                  enum: ["true", "false"],
                  description: "[opentt] true: also send FLOORPLAN_CHANGED frames",
                },
              },
            },
            bindingVersion: "0.1.0",
          },
        },
        "x-close-codes": CLOSE_CODES,
      },
    },
    operations: {
      receiveAccessToken: {
        action: "receive",
        title: "Authenticate by first frame",
        description: "Browsers cannot set headers: the first text frame carries the token instead.",
        channel: { $ref: "#/channels/orders" },
        messages: [channelMessage("accessToken")],
      },
      sendSnapshot: {
        action: "send",
        title: "Snapshot after authentication",
        channel: { $ref: "#/channels/orders" },
        messages: [channelMessage("snapshot")],
      },
      sendOrderEvents: {
        action: "send",
        title: "Order changes, seq rising by one across the gateway and its restarts",
        description: "A client that sees a gap in seq reconnects to resync.",
        channel: { $ref: "#/channels/orders" },
        messages: [channelMessage("orderEvent")],
      },
      sendFloorplanChanged: {
        action: "send",
        title: "[opentt] The floor plan after each successful save",
        description: `Only to clients that connected with ?${WS_FLOORPLAN_PARAM}=true; carries the whole plan, no seq.`,
        channel: { $ref: "#/channels/orders" },
        messages: [channelMessage("floorplanChanged")],
      },
      sendError: {
        action: "send",
        title: "Refusal before closing",
        description: `Sent just before close code ${WS_CLOSE.INVALID_TOKEN} or ${WS_CLOSE.BAD_FRAME}.`,
        channel: { $ref: "#/channels/orders" },
        messages: [channelMessage("error")],
      },
    },
    components: {
      schemas: {
        LocalTime: shapes.LocalTime,
        ActiveOrder: shapes.ActiveOrder,
        ErrorEnvelope: shapes.ErrorEnvelope,
        FloorPlan: shapes.FloorPlan,
        ...frameShapes,
      },
      messages: {
        accessToken: { name: "accessToken", title: "Access token", payload: ref("AuthFrame") },
        snapshot: { name: "ACTIVE_ORDERS", title: "Every active order", payload: ref("SnapshotFrame") },
        orderEvent: {
          name: "ORDER_EVENT",
          title: "ORDER_CREATED, ORDER_MODIFIED or ORDER_PAGED",
          payload: ref("OrderEventFrame"),
        },
        floorplanChanged: {
          name: "FLOORPLAN_CHANGED",
          title: "[opentt] The floor plan was saved",
          payload: ref("FloorplanFrame"),
        },
        error: {
          name: "error",
          title: "Error frame",
          payload: {
            allOf: [
              ref("ErrorEnvelope"),
              {
                properties: {
                  status: { enum: [returnCodes.INVALID_TOKEN.httpStatus, returnCodes.INVALID_JSON.httpStatus] },
                  returnCode: { enum: [returnCodes.INVALID_TOKEN.returnCode, returnCodes.INVALID_JSON.returnCode] },
                },
              },
            ],
          },
        },
      },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "On the upgrade request; or send the AuthFrame first (spec §4)",
        },
      },
    },
  };
}
