// [opentt] The floor as staff see it (issue 18): the kitchen's ready mark (and its inbound
// webhook for a KDS that can only call a URL, with its own revocable tokens), and the floor plan.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../../context.js";
import { parseOrderRef } from "../../domain/order-rules.js";
import type { OrderRecord } from "../../domain/records.js";
import { asObject } from "../../protocol/input.js";
import { toActiveOrder } from "../../protocol/order.js";
import { TrackerError } from "../../protocol/tracker-error.js";
import { send } from "../reply.js";
import { router } from "../router.js";

const HOOK_PATH = "/api/v2/hooks/ready";

export function registerFloorRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, "clock" | "orders" | "settings" | "tokens" | "hookTokens" | "floorplan" | "logger">,
): void {
  const r = router(app, ctx.tokens);
  const view = (o: OrderRecord) => toActiveOrder(o, ctx.clock.now(), ctx.settings.zone);
  const ref = (req: FastifyRequest) => parseOrderRef((req.params as { id: string }).id);
  const ready = (id: string) => ctx.orders.markReady(parseOrderRef(id), (o) => ctx.settings.pagesWhenReady(o));

  r("POST /api/v2/activeorders/:id/ready", { secured: true }, (req, reply) =>
    send(reply, "ORDER_READY", { activeorder: view(ready((req.params as { id: string }).id)) }),
  );
  r("DELETE /api/v2/activeorders/:id/ready", { secured: true }, (req, reply) =>
    send(reply, "ORDER_READY_UNDONE", { activeorder: view(ctx.orders.unmarkReady(ref(req))) }),
  );

  // A KDS that can only call a URL puts the hook token in it (?token=); a header works too. Only
  // hook tokens open this route, and they open nothing else; checked before the body is read.
  app.addHook("onRequest", (req, _reply, done) => {
    if (req.url.startsWith(HOOK_PATH)) {
      const token = new URLSearchParams(req.url.slice(req.url.indexOf("?") + 1)).get("token");
      if (token !== null) req.headers.authorization = `Bearer ${token}`;
    }
    done();
  });
  const hookRoute = router(app, {
    authenticate: (header, ip) => {
      try {
        return ctx.hookTokens.authenticate(header, ip);
      } catch (e) {
        if (!(e instanceof TrackerError)) throw e;
        throw new TrackerError(
          e.code,
          "Missing, invalid or revoked hook token: add ?token=<hook token> (POST /api/v2/hooks/tokens mints one)",
        );
      }
    },
  });
  hookRoute("POST /api/v2/hooks/ready", { secured: true }, (req, reply) => {
    const order = (req.query as Record<string, unknown>).order;
    if (typeof order !== "string" || order === "") {
      throw new TrackerError("INVALID_ORDER_ID", "Missing order: add ?order=<order name or uuid> to the URL");
    }
    return send(reply, "ORDER_READY", { activeorder: view(ready(order)) });
  });
  r("GET /api/v2/hooks/tokens", { secured: true }, (_req, reply) => {
    const items = ctx.hookTokens.list(ctx.settings.zone);
    return send(reply, "HOOK_TOKEN_LIST", { count: items.length, items });
  });
  r("POST /api/v2/hooks/tokens", { secured: true }, (req, reply) => {
    const token = ctx.hookTokens.create(asObject(req.body).name, req.ip ?? null, ctx.settings.zone);
    ctx.logger.info({ name: token.name, by: req.tokenName }, "ready webhook token minted");
    return send(reply, "TOKEN_CREATED", { token });
  });
  r("DELETE /api/v2/hooks/tokens/:name", { secured: true }, (req, reply) => {
    ctx.hookTokens.revoke((req.params as { name: string }).name);
    return send(reply, "TOKEN_DELETED", undefined, "Ready webhook token deleted");
  });

  r("GET /api/v2/floorplan", { secured: true }, (_req, reply) =>
    send(reply, "FLOORPLAN", { floorplan: ctx.floorplan.get() }),
  );
  r("PUT /api/v2/floorplan", { secured: true }, (req, reply) =>
    send(reply, "FLOORPLAN_SAVED", { floorplan: ctx.floorplan.put(req.body) }),
  );
}
