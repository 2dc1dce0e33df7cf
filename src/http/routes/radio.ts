// GET /api/v2/radio (radio.md §5): which radio drives the floor, whether it is reachable, and
// how many of its messages were applied, rejected or stale.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { formatLocal } from "../../protocol/local-time.js";
import type { RadioStatus } from "../../protocol/radio.js";
import { send } from "../reply.js";
import { router } from "../router.js";

export function registerRadioRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, "identity" | "radio" | "settings" | "tokens">,
): void {
  const r = router(app, ctx.tokens);
  r("GET /api/v2/radio", { secured: true }, (_req, reply) => {
    const zone = ctx.settings.zone;
    // A context built without a radio link (some tests) has no radio at all.
    const radio: RadioStatus = ctx.radio?.status(zone) ?? {
      kind: "none",
      online: false,
      since: formatLocal(ctx.identity.startedAt, zone),
      url: "none",
      events: 0,
      rejected: 0,
      stale: 0,
      lastError: null,
    };
    return send(reply, "RADIO_STATUS", { radio });
  });
}
