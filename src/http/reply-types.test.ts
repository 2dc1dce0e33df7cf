// Compile-time contract of the reply builder and the router: every `@ts-expect-error` line
// below must fail to typecheck (`npm run typecheck` fails with "Unused '@ts-expect-error'" if
// one starts compiling). The functions are never called; vitest only checks that they exist.
import type { FastifyInstance, FastifyReply } from "fastify";
import { describe, expect, it } from "vitest";
import type { ActiveOrder } from "../protocol/wire.js";
import { envelope, send } from "./reply.js";
import { router } from "./router.js";

const order = {} as ActiveOrder;

function payloadsPerCode(reply: FastifyReply): void {
  send(reply, "ORDERS_CLEARED", { count: 3 });
  send(reply, "ORDER_CREATED", { activeorder: order });
  send(reply, "PAGING_CANCELED");
  send(reply, "WEBHOOK_REMOVED");
  // @ts-expect-error a count is a number
  send(reply, "ORDERS_CLEARED", { count: "3" });
  // @ts-expect-error ORDER_CREATED carries the order
  send(reply, "ORDER_CREATED");
  // @ts-expect-error a field the code does not carry
  send(reply, "ORDERS_CLEARED", { count: 3, items: [] });
  // @ts-expect-error a confirmation carries no data
  send(reply, "TOKEN_DELETED", { count: 1 });
  // @ts-expect-error errors are thrown as TrackerError, never sent as a success
  send(reply, "ORDER_NOT_FOUND");
  // @ts-expect-error not a code
  envelope("ORDER_MADE", { activeorder: order });
}

function codesPerRoute(app: FastifyInstance): void {
  const r = router(app, { authenticate: () => "t" });
  r("DELETE /api/v2/activeorders", { secured: true }, (_req, reply) => send(reply, "ORDERS_CLEARED", { count: 0 }));
  r("DELETE /api/v2/register", { secured: true }, (_req, reply) => send(reply, "WEBHOOK_REMOVED"));
  // @ts-expect-error removing a webhook is not registering one
  r("DELETE /api/v2/register", { secured: true }, (_req, reply) => send(reply, "WEBHOOK_REGISTERED"));
  // @ts-expect-error unbinding the cloud is not activating it
  r("DELETE /api/v2/cloud", { secured: true }, (_req, reply) => send(reply, "CLOUD_ACTIVATED", { cloud: {} as never }));
  // @ts-expect-error a route the contract does not have
  r("GET /api/v2/nothing", { secured: true }, (_req, reply) => send(reply, "API_INFO", {} as never));
}

describe("reply types", () => {
  it("are checked by the compiler (npm run typecheck covers this file)", () => {
    expect([payloadsPerCode, codesPerRoute].every((f) => typeof f === "function")).toBe(true);
  });
});
