// History and statistics (spec §5, §6), through the domain's HistoryService.
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { type Query, singleParam } from "../../protocol/query-params.js";
import { TrackerError } from "../../protocol/tracker-error.js";
import { type Sent, send } from "../reply.js";
import { router } from "../router.js";

export function registerHistoryRoutes(app: FastifyInstance, ctx: Pick<AppContext, "history" | "tokens">): void {
  const r = router(app, ctx.tokens);
  r("GET /api/v2/orders", { secured: true }, (req, reply) => {
    const q = req.query as Query;
    const format = singleParam(q, "format") ?? "json";
    if (format === "json") return send(reply, "ORDER_HISTORY", ctx.history.page(q));
    if (format !== "csv") throw new TrackerError("INVALID_FORMAT");
    // [opentt] Streamed: Readable.from pulls one keyset page whenever the socket drains, so a
    // million orders never sit in memory. Filters were checked before the first byte is sent.
    const body = Readable.from(ctx.history.csv(q), { objectMode: false });
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", 'attachment; filename="opentt-orders.csv"')
      .send(body) as Sent<"ORDER_HISTORY">;
  });
  r("GET /api/v2/statistics", { secured: true }, (req, reply) =>
    send(reply, "STATISTICS", { statistics: ctx.history.today(req.query as Query) }),
  );
  // [opentt] A static path of its own: fastify matches it before /statistics, which stays as it was.
  r("GET /api/v2/statistics/range", { secured: true }, (req, reply) =>
    send(reply, "RANGE_STATISTICS", { range: ctx.history.range(req.query as Query) }),
  );
}
