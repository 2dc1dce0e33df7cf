// [opentt] The floor as staff see it (issue 18, docs/floor.md), for the catalogue (routes.ts):
// the kitchen's ready mark, its inbound webhook with tokens of its own, and the floor plan.
import type { RouteSpec } from "./route-spec.js";
import { orderId, orderIdErrors } from "./routes-v2.js";

const floor = { tag: "floor", auth: "bearer" } as const;

export const floorRoutes: RouteSpec[] = [
  {
    ...floor,
    method: "POST",
    path: "/api/v2/activeorders/{id}/ready",
    operationId: "markReady",
    summary: "[opentt] Mark the order's food ready (a KDS bump); pages it if pageWhenReady says so",
    pathParams: [orderId],
    replies: ["OrderReadyReply"],
    errors: [...orderIdErrors, "PAGING_UNAVAILABLE"],
  },
  {
    ...floor,
    method: "DELETE",
    path: "/api/v2/activeorders/{id}/ready",
    operationId: "unmarkReady",
    summary: "[opentt] Undo the ready mark",
    pathParams: [orderId],
    replies: ["OrderReadyUndoneReply"],
    errors: orderIdErrors,
  },
  {
    ...floor,
    method: "POST",
    path: "/api/v2/hooks/ready",
    operationId: "hookReady",
    summary: "[opentt] Mark an order ready from a URL; only a hook token opens it (?token= or the header)",
    query: [
      { name: "order", description: "Order name or uuid", required: true, schema: orderId.schema },
      { name: "token", description: "A hook token (POST /api/v2/hooks/tokens)", schema: { type: "string" } },
    ],
    replies: ["OrderReadyReply"],
    errors: [...orderIdErrors, "PAGING_UNAVAILABLE"],
  },
  {
    ...floor,
    method: "GET",
    path: "/api/v2/hooks/tokens",
    operationId: "listHookTokens",
    summary: "[opentt] List the ready webhook's tokens (no secrets)",
    replies: ["HookTokenListReply"],
    errors: [],
  },
  {
    ...floor,
    method: "POST",
    path: "/api/v2/hooks/tokens",
    operationId: "createHookToken",
    summary: "[opentt] Mint a token that opens POST /api/v2/hooks/ready and nothing else",
    body: "TokenNameInput",
    bodyRequired: true,
    replies: ["TokenCreatedReply"],
    errors: ["INVALID_TOKEN_NAME", "DUPLICATE_TOKEN_NAME"],
  },
  {
    ...floor,
    method: "DELETE",
    path: "/api/v2/hooks/tokens/{name}",
    operationId: "revokeHookToken",
    summary: "[opentt] Revoke a ready webhook token",
    pathParams: [{ name: "name", description: "The hook token's name", schema: { type: "string", minLength: 1 } }],
    replies: ["TokenDeletedReply"],
    errors: ["INVALID_TOKEN_NAME"],
  },
  {
    ...floor,
    method: "GET",
    path: "/api/v2/floorplan",
    operationId: "getFloorplan",
    summary: "[opentt] Read the floor plan",
    replies: ["FloorPlanReply"],
    errors: [],
  },
  {
    ...floor,
    method: "PUT",
    path: "/api/v2/floorplan",
    operationId: "saveFloorplan",
    summary: "[opentt] Save the floor plan over the version read (409 when someone saved since)",
    body: "FloorPlanInput",
    bodyRequired: true,
    replies: ["FloorPlanSavedReply"],
    errors: ["INVALID_FLOORPLAN", "FLOORPLAN_CONFLICT"],
  },
];
