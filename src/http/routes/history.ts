// History and statistics (spec §5, §6).
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { MAX_RANGE_DAYS } from "../../domain/range-statistics.js";
import { Readable } from "node:stream";
import { type Query, singleParam } from "../../protocol/query-params.js";
import { TrackerError } from "../../protocol/tracker-error.js";
import { type Sent, send } from "../reply.js";
import { router } from "../router.js";

const tags = ["history"];

export function registerHistoryRoutes(app: FastifyInstance, ctx: Pick<AppContext, "history" | "tokens">): void {
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
            format: {
              type: "string",
              enum: ["json", "csv"],
              default: "json",
              description: "[opentt] csv: every match",
            },
          },
        },
      },
    },
    (req, reply) => {
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
    (req, reply) => send(reply, "STATISTICS", { statistics: ctx.history.today(req.query as Query) }),
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
    (req, reply) => send(reply, "RANGE_STATISTICS", { range: ctx.history.range(req.query as Query) }),
  );
}
