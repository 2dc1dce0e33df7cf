// Gateway settings (spec §7).
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { send } from "../reply.js";
import { router } from "../router.js";

export function registerSettingsRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, "maintain" | "settings" | "tokens">,
): void {
  const r = router(app, ctx.tokens);
  r("GET /api/v2/gateway/settings", { secured: true }, (_req, reply) =>
    send(reply, "SETTINGS", { settings: ctx.settings.get() }),
  );
  r(
    "POST /api/v2/gateway/settings",
    {
      secured: true,
    },
    (req, reply) => {
      ctx.settings.update(req.body);
      // A shorter autoClearHours or historyDays applies at once, not at the next tick.
      ctx.maintain({ purge: true });
      return send(reply, "SETTINGS_CHANGED");
    },
  );
}
