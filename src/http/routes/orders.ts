// Active orders (spec §1, §2): list, read, create or modify, clear one or all, page, unpage.
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
  ctx: Pick<AppContext, "clock" | "orders" | "settings" | "tokens">,
): void {
  const r = router(app, ctx.tokens);
  const view = (o: OrderRecord) => toActiveOrder(o, ctx.clock.now(), ctx.settings.zone);
  const ref = (req: FastifyRequest) => parseOrderRef((req.params as { id: string }).id);
  const activeList = new ActiveOrdersBody(ctx);

  r("GET /api/v2/activeorders", { secured: true }, (_req, reply) => sendPrepared(reply, activeList.current()));

  r(
    "POST /api/v2/activeorders",
    {
      secured: true,
    },
    (req, reply) => {
      const { result, order } = ctx.orders.upsert(parseOrderInput(req.body));
      return send(reply, result, { activeorder: view(order) });
    },
  );

  r("DELETE /api/v2/activeorders", { secured: true }, (_req, reply) =>
    send(reply, "ORDERS_CLEARED", { count: ctx.orders.clearAll("MANAGER_OVERRIDE") }),
  );

  r("GET /api/v2/activeorders/:id", { secured: true }, (req, reply) =>
    send(reply, "ACTIVE_ORDER", { activeorder: view(ctx.orders.get(ref(req))) }),
  );

  r("DELETE /api/v2/activeorders/:id", { secured: true }, (req, reply) =>
    send(reply, "ORDER_CLEARED", { activeorder: view(ctx.orders.clear(ref(req), "MANAGER_OVERRIDE")) }),
  );

  const page = (req: FastifyRequest, reply: FastifyReply) => {
    const id = ref(req);
    const tracking = parseTracking(req.body);
    return send(reply, "ORDER_PAGED", { activeorder: view(ctx.orders.page(id, tracking)) });
  };
  r("POST /api/v2/activeorders/:id/page", { secured: true }, page);
  // A shipping KDS client calls this name (spec §1).
  r("POST /api/v2/activeorders/:id/guest_paging", { secured: true }, page);

  r("DELETE /api/v2/activeorders/:id/page", { secured: true }, (req, reply) =>
    send(reply, ctx.orders.unpage(ref(req)) ? "PAGING_CANCELED" : "NO_TRACKER_PAGING"),
  );
}
