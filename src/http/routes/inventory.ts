// Hardware inventory (spec §10): trackers the gateway has seen, repeaters and their pairing.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { asObject } from "../../protocol/input.js";
import { formatLocal } from "../../protocol/local-time.js";
import { booleanParam, type Query } from "../../protocol/query-params.js";
import { TrackerError } from "../../protocol/tracker-error.js";
import { send } from "../reply.js";
import { router } from "../router.js";

/** [opentt] beginPairing without a timeout opens pairing for the longest allowed time. */
const DEFAULT_PAIRING_SECONDS = 254;

function parsePairingTimeout(body: unknown): number {
  const t = asObject(body).timeout;
  if (t === undefined || t === null) return DEFAULT_PAIRING_SECONDS;
  if (typeof t !== "number" || !Number.isInteger(t) || t < 0 || t > 254)
    throw new TrackerError("INVALID_PAIRING_TIMEOUT");
  return t;
}

export function registerInventoryRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, "device" | "settings" | "tokens" | "trackers">,
): void {
  const r = router(app, ctx.tokens);
  r("GET /api/v2/trackers", { secured: true }, (_req, reply) => {
    const items = ctx.trackers.list(ctx.settings.zone);
    return send(reply, "TRACKER_LIST", { count: items.length, items });
  });
  r("DELETE /api/v2/trackers", { secured: true }, (_req, reply) => {
    ctx.trackers.clear();
    return send(reply, "INVENTORY_CLEARED");
  });
  r(
    "GET /api/v2/repeaters",
    {
      secured: true,
    },
    (req, reply) => {
      const refresh = booleanParam(req.query as Query, "refresh");
      const zone = ctx.settings.zone;
      const repeaters = ctx.device
        .repeaters(refresh)
        .map((rep) => ({ ...rep, lastSeen: formatLocal(rep.lastSeen, zone) }));
      return send(reply, "REPEATER_LIST", { count: repeaters.length, repeaters });
    },
  );
  r("DELETE /api/v2/repeaters", { secured: true }, (_req, reply) => {
    ctx.device.clearRepeaters();
    return send(reply, "REPEATERS_CLEARED");
  });
  r(
    "POST /api/v2/repeaters/beginPairing",
    {
      secured: true,
    },
    (req, reply) => {
      const seconds = parsePairingTimeout(req.body);
      return send(reply, ctx.device.setPairing(seconds) ? "PAIRING_ENABLED" : "PAIRING_DISABLED");
    },
  );
  r("POST /api/v2/repeaters/endPairing", { secured: true }, (_req, reply) => {
    ctx.device.setPairing(0);
    return send(reply, "PAIRING_DISABLED");
  });
}
