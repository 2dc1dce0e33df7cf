// GET /api/v2: is the gateway there, and what is it (spec §1 [opentt body]). Nothing secret.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { formatLocal } from "../../protocol/local-time.js";
import { send } from "../reply.js";
import { router } from "../router.js";

export function registerInfoRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, "clock" | "identity" | "settings" | "tokens">,
): void {
  const r = router(app, ctx.tokens);
  r("GET /api/v2", { secured: false }, (_req, reply) => {
    const zone = ctx.settings.zone;
    const { serial, name, version, startedAt } = ctx.identity;
    // [opentt] The message is kept: clients written for the original check it to recognise the API.
    return send(reply, "API_INFO", {
      message: "Table Tracker API v2",
      api: "v2",
      gateway: {
        serial,
        name,
        version,
        time: formatLocal(ctx.clock.now(), zone),
        timezone: zone,
        uptime: Math.floor((Date.now() - startedAt) / 1000),
      },
    });
  });
}
