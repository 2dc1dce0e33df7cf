// History and statistics (spec §5, §6), through the domain's HistoryService.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import type { Query } from "../../protocol/query-params.js";
import { send } from "../reply.js";
import { router } from "../router.js";

export function registerHistoryRoutes(app: FastifyInstance, ctx: Pick<AppContext, "history" | "tokens">): void {
  const r = router(app, ctx.tokens);
  r("GET /api/v2/orders", { secured: true }, (req, reply) =>
    send(reply, "ORDER_HISTORY", ctx.history.page(req.query as Query)),
  );
  r("GET /api/v2/statistics", { secured: true }, (req, reply) =>
    send(reply, "STATISTICS", { statistics: ctx.history.today(req.query as Query) }),
  );
  // [opentt] A static path of its own: fastify matches it before /statistics, which stays as it was.
  r("GET /api/v2/statistics/range", { secured: true }, (req, reply) =>
    send(reply, "RANGE_STATISTICS", { range: ctx.history.range(req.query as Query) }),
  );
}
