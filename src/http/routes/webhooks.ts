// Webhook registrations (spec §8); deliveries are src/webhooks/delivery.ts.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { send } from "../reply.js";
import { router } from "../router.js";

export function registerWebhookRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, "logger" | "tokens" | "webhooks">,
): void {
  const r = router(app, ctx.tokens);
  r("POST /api/v2/register", { secured: true }, (req, reply) => {
    const url = ctx.webhooks.register(req.body);
    ctx.logger.info({ url, by: req.tokenName }, "webhook registered");
    return send(reply, "WEBHOOK_REGISTERED");
  });
  r("GET /api/v2/register", { secured: true }, (_req, reply) => {
    const items = ctx.webhooks.list();
    return send(reply, "WEBHOOK_LIST", { count: items.length, items });
  });
  r("DELETE /api/v2/register", { secured: true }, (req, reply) => {
    const url = ctx.webhooks.unregister(req.body);
    ctx.logger.info({ url, by: req.tokenName }, "webhook removed");
    return send(reply, "WEBHOOK_REMOVED");
  });
}
