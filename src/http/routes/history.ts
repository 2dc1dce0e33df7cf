// History and statistics (spec §5, §6).
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { computeStatistics, parseHistoryQuery, parseTargetTime, todayRange } from "../../domain/history.js";
import { toSummary } from "../../domain/order-view.js";
import { computeRangeStatistics, parseRangeQuery } from "../../domain/range-statistics.js";
import { send } from "../reply.js";
import { router } from "../server.js";

export function registerHistoryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = router(app, ctx);
  r(
    "GET",
    "/api/v2/orders",
    {
      secured: true,
    },
    (req, reply) => {
      const zone = ctx.settings.zone;
      const q = parseHistoryQuery(req.query as Record<string, unknown>, zone);
      const { items, total } = ctx.store.orders.history(q);
      return send(reply, "ORDER_HISTORY", { count: items.length, total, items: items.map((o) => toSummary(o, zone)) });
    },
  );
  r(
    "GET",
    "/api/v2/statistics",
    {
      secured: true,
    },
    (req, reply) => {
      const s = ctx.settings.get();
      const target = parseTargetTime((req.query as Record<string, unknown>).target_time, s.targetTimeDefault);
      const [from, to] = todayRange(ctx.clock.now(), s.timezone);
      return send(reply, "STATISTICS", {
        statistics: computeStatistics(ctx.store.orders.clearedBetween(from, to), target),
      });
    },
  );
  // [opentt] A static path of its own: fastify matches it before /statistics, which stays as it was.
  r(
    "GET",
    "/api/v2/statistics/range",
    {
      secured: true,
    },
    (req, reply) => {
      const s = ctx.settings.get();
      const q = parseRangeQuery(req.query as Record<string, unknown>, s.timezone, s.targetTimeDefault);
      const range = computeRangeStatistics(ctx.store.orders.rangeRows(q.from, q.to), { ...q, zone: s.timezone });
      return send(reply, "RANGE_STATISTICS", { range });
    },
  );
}
