// Active orders (spec §1, §2): list, read, create or modify, clear one or all, page, unpage.
// Changes go through the group commit (OrderService.grouped): the reply waits for its commit.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../context.js";
import { parseOrderInput, parseOrderRef, parseTracking } from "../../domain/order-rules.js";
import type { OrderRecord } from "../../domain/records.js";
import { toActiveOrder } from "../../protocol/order.js";
import { ActiveOrdersBody } from "../active-orders-body.js";
import { send, sendPrepared } from "../reply.js";
import { router } from "../router.js";

export function registerOrderRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, "clock" | "device" | "orders" | "settings" | "tokens">,
): void {
  const r = router(app, ctx.tokens);
  const view = (o: OrderRecord) => toActiveOrder(o, ctx.clock.now(), ctx.settings.zone);
  const ref = (req: FastifyRequest) => parseOrderRef((req.params as { id: string }).id);
  const activeList = ActiveOrdersBody.for(ctx);
  // radio.md §4: with an upstream gateway as the radio, its refusal is the caller's answer.
  const upstream = ctx.device.upstream;

  r("GET /api/v2/activeorders", { secured: true }, (_req, reply) => sendPrepared(reply, activeList.current()));

  r(
    "POST /api/v2/activeorders",
    {
      secured: true,
    },
    async (req, reply) => {
      const input = parseOrderInput(req.body);
      const { result, order } = await ctx.orders.grouped(() => ctx.orders.upsert(input));
      return send(reply, result, { activeorder: view(order) });
    },
  );

  r("DELETE /api/v2/activeorders", { secured: true }, async (_req, reply) =>
    send(reply, "ORDERS_CLEARED", { count: await ctx.orders.grouped(() => ctx.orders.clearAll("MANAGER_OVERRIDE")) }),
  );

  r("GET /api/v2/activeorders/:id", { secured: true }, (req, reply) =>
    send(reply, "ACTIVE_ORDER", { activeorder: view(ctx.orders.get(ref(req))) }),
  );

  r("DELETE /api/v2/activeorders/:id", { secured: true }, async (req, reply) => {
    const id = ref(req);
    await upstream?.clear(ctx.orders.get(id).name);
    const order = await ctx.orders.grouped(() => ctx.orders.clear(id, "MANAGER_OVERRIDE"));
    return send(reply, "ORDER_CLEARED", { activeorder: view(order) });
  });

  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    const id = ref(req);
    const tracking = parseTracking(req.body);
    await upstream?.page(ctx.orders.get(id).name, tracking);
    const order = await ctx.orders.grouped(() => ctx.orders.page(id, tracking));
    return send(reply, "ORDER_PAGED", { activeorder: view(order) });
  };
  r("POST /api/v2/activeorders/:id/page", { secured: true }, page);
  // A shipping KDS client calls this name (spec §1).
  r("POST /api/v2/activeorders/:id/guest_paging", { secured: true }, page);

  r("DELETE /api/v2/activeorders/:id/page", { secured: true }, async (req, reply) => {
    const id = ref(req);
    const there = (await upstream?.unpage(ctx.orders.get(id).name)) ?? false;
    const here = ctx.orders.unpage(id);
    return send(reply, there || here ? "PAGING_CANCELED" : "NO_TRACKER_PAGING");
  });
}
