// History and statistics (spec §5, §6).
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { computeStatistics, parseHistoryQuery, parseTargetTime, todayRange } from "../../domain/history.js";
import { toSummary } from "../../protocol/order.js";
import { computeRangeStatistics, MAX_RANGE_DAYS, parseRangeQuery } from "../../domain/range-statistics.js";
import { send } from "../reply.js";
import { router } from "../router.js";

const tags = ["history"];

export function registerHistoryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = router(app, ctx.tokens);
  r(
    "GET /api/v2/orders",
    {
      secured: true,
      schema: {
        summary: "Order history, newest first",
        tags,
        querystring: {
          type: "object",
          properties: {
            offset: { type: "integer", minimum: 0, default: 0 },
            limit: { type: "integer", minimum: 1, maximum: 100, default: 25 },
            created_after: { type: "string", description: "YYYY-MM-DDTHH:MM:SS local, inclusive" },
            created_before: { type: "string", description: "YYYY-MM-DDTHH:MM:SS local, exclusive" },
            order_type: { type: "string", enum: ["ON_PREMISE", "TO_GO"] },
            location_name: { type: "string", pattern: "^[0-9]+$" },
          },
        },
      },
    },
    (req, reply) => {
      const zone = ctx.settings.zone;
      const q = parseHistoryQuery(req.query as Record<string, unknown>, zone);
      const { items, total } = ctx.store.orders.history(q);
      return send(reply, "ORDER_HISTORY", { count: items.length, total, items: items.map((o) => toSummary(o, zone)) });
    },
  );
  r(
    "GET /api/v2/statistics",
    {
      secured: true,
      schema: {
        summary: "Today's delivery statistics",
        tags,
        querystring: { type: "object", properties: { target_time: { type: "integer", minimum: 1 } } },
      },
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
    "GET /api/v2/statistics/range",
    {
      secured: true,
      schema: {
        summary: `[opentt] Orders and delivery times per hour and per table over a range of up to ${MAX_RANGE_DAYS} days`,
        tags,
        querystring: {
          type: "object",
          required: ["from", "to"],
          properties: {
            from: { type: "string", description: "YYYY-MM-DDTHH:MM:SS local, inclusive" },
            to: { type: "string", description: "YYYY-MM-DDTHH:MM:SS local, exclusive" },
            target_time: { type: "integer", minimum: 1 },
          },
        },
      },
    },
    (req, reply) => {
      const s = ctx.settings.get();
      const q = parseRangeQuery(req.query as Record<string, unknown>, s.timezone, s.targetTimeDefault);
      const range = computeRangeStatistics(ctx.store.orders.rangeRows(q.from, q.to), { ...q, zone: s.timezone });
      return send(reply, "RANGE_STATISTICS", { range });
    },
  );
}
