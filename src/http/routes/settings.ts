// Gateway settings (spec §7).
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { send } from "../reply.js";
import { router } from "../router.js";

const tags = ["settings"];

export function registerSettingsRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, "maintain" | "settings" | "tokens">,
): void {
  const r = router(app, ctx.tokens);
  r("GET /api/v2/gateway/settings", { secured: true, schema: { summary: "Read settings", tags } }, (_req, reply) =>
    send(reply, "SETTINGS", { settings: ctx.settings.get() }),
  );
  r(
    "POST /api/v2/gateway/settings",
    {
      secured: true,
      schema: {
        summary: "Change any subset of the settings",
        tags,
        body: {
          type: "object",
          properties: {
            zigbeePreset: { type: "string", pattern: "^[A-H]$" },
            targetTimeDefault: { type: "integer", minimum: 1, maximum: 86400 },
            timezone: { type: "string" },
            historyDays: { type: "integer", minimum: 1, maximum: 90 },
            autoClearHours: { type: "integer", minimum: 1, maximum: 72 },
          },
        },
      },
    },
    (req, reply) => {
      ctx.settings.update(req.body);
      // A shorter autoClearHours or historyDays applies at once, not at the next tick.
      ctx.maintain({ purge: true });
      return send(reply, "SETTINGS_CHANGED");
    },
  );
}
