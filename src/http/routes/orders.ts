// Active orders (spec §1, §2): list, read, create or modify, clear one or all, page, unpage.
// Changes go through the group commit (OrderService.grouped): the reply waits for its commit.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../../context.js";
import { parseOrderInput, parseOrderRef, parseTracking } from "../../domain/order-rules.js";
import { toActiveOrder } from "../../domain/order-view.js";
import type { OrderRecord } from "../../domain/records.js";
import { ActiveOrdersBody } from "../active-orders-body.js";
import { send, sendPrepared } from "../reply.js";
import { router } from "../server.js";

const tags = ["orders"];
const idParam = {
  type: "object",
  properties: { id: { type: "string", description: "order name (1-9 digits) or uuid" } },
};
const orderBody = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string", pattern: "^[0-9]{1,9}$" },
    orderType: { type: "string", enum: ["ON_PREMISE", "ON_PREMISES", "TO_GO"] },
    locationName: { type: "string", pattern: "^[0-9]*$" },
  },
};

export function registerOrderRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = router(app, ctx);
  const view = (o: OrderRecord) => toActiveOrder(o, ctx.clock.now(), ctx.settings.zone);
  const ref = (req: FastifyRequest) => parseOrderRef((req.params as { id: string }).id);
  const activeList = ActiveOrdersBody.for(ctx);

  r("GET", "/api/v2/activeorders", { secured: true, schema: { summary: "List active orders", tags } }, (_req, reply) =>
    sendPrepared(reply, activeList.current()),
  );

  r(
    "POST",
    "/api/v2/activeorders",
    {
      secured: true,
      schema: { summary: "Create an order, or modify the active order of that name", tags, body: orderBody },
    },
    async (req, reply) => {
      const input = parseOrderInput(req.body);
      const { result, order } = await ctx.orders.grouped(() => ctx.orders.upsert(input));
      return send(reply, result, { activeorder: view(order) });
    },
  );

  r(
    "DELETE",
    "/api/v2/activeorders",
    { secured: true, schema: { summary: "Clear every active order", tags } },
    async (_req, reply) =>
      send(reply, "ORDERS_CLEARED", { count: await ctx.orders.grouped(() => ctx.orders.clearAll("MANAGER_OVERRIDE")) }),
  );

  r(
    "GET",
    "/api/v2/activeorders/:id",
    { secured: true, schema: { summary: "Read one active order", tags, params: idParam } },
    (req, reply) => send(reply, "ACTIVE_ORDER", { activeorder: view(ctx.orders.get(ref(req))) }),
  );

  r(
    "DELETE",
    "/api/v2/activeorders/:id",
    { secured: true, schema: { summary: "Clear one active order", tags, params: idParam } },
    async (req, reply) => {
      const id = ref(req);
      const order = await ctx.orders.grouped(() => ctx.orders.clear(id, "MANAGER_OVERRIDE"));
      return send(reply, "ORDER_CLEARED", { activeorder: view(order) });
    },
  );

  const page = async (req: FastifyRequest, reply: Parameters<Parameters<typeof r>[3]>[1]) => {
    const id = ref(req);
    const tracking = parseTracking(req.body);
    const order = await ctx.orders.grouped(() => ctx.orders.page(id, tracking));
    return send(reply, "ORDER_PAGED", { activeorder: view(order) });
  };
  const pageSchema = {
    tags,
    params: idParam,
    body: { type: "object", properties: { tracking: { type: "boolean", default: true } } },
  };
  r(
    "POST",
    "/api/v2/activeorders/:id/page",
    { secured: true, schema: { summary: "Page the order's tracker", ...pageSchema } },
    page,
  );
  // A shipping KDS client calls this name (spec §1).
  r(
    "POST",
    "/api/v2/activeorders/:id/guest_paging",
    { secured: true, schema: { summary: "Alias of /page", ...pageSchema } },
    page,
  );

  r(
    "DELETE",
    "/api/v2/activeorders/:id/page",
    { secured: true, schema: { summary: "Stop paging the order's tracker", tags, params: idParam } },
    (req, reply) => send(reply, ctx.orders.unpage(ref(req)) ? "PAGING_CANCELED" : "NO_TRACKER_PAGING"),
  );
}
