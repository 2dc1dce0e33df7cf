// Hardware inventory (spec §10): trackers the gateway has seen, repeaters and their pairing.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { asObject } from "../../protocol/input.js";
import { formatLocal } from "../../protocol/local-time.js";
import { TrackerError } from "../../protocol/tracker-error.js";
import { send } from "../reply.js";
import { router } from "../router.js";

const tags = ["hardware"];
/** [opentt] beginPairing without a timeout opens pairing for the longest allowed time. */
const DEFAULT_PAIRING_SECONDS = 254;

function parseRefresh(raw: unknown): boolean {
  if (raw === undefined || raw === "false") return false;
  if (raw === "true") return true;
  throw new TrackerError("INVALID_BOOLEAN", "Invalid boolean: refresh must be true or false");
}

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
  r("GET /api/v2/trackers", { secured: true, schema: { summary: "Tracker inventory", tags } }, (_req, reply) => {
    const items = ctx.trackers.list(ctx.settings.zone);
    return send(reply, "TRACKER_LIST", { count: items.length, items });
  });
  r(
    "DELETE /api/v2/trackers",
    { secured: true, schema: { summary: "Clear the tracker inventory", tags } },
    (_req, reply) => {
      ctx.trackers.clear();
      return send(reply, "INVENTORY_CLEARED");
    },
  );
  r(
    "GET /api/v2/repeaters",
    {
      secured: true,
      schema: {
        summary: "Repeaters",
        tags,
        querystring: { type: "object", properties: { refresh: { type: "boolean", default: false } } },
      },
    },
    (req, reply) => {
      const refresh = parseRefresh((req.query as Record<string, unknown>).refresh);
      const zone = ctx.settings.zone;
      const repeaters = ctx.device
        .repeaters(refresh)
        .map((rep) => ({ ...rep, lastSeen: formatLocal(rep.lastSeen, zone) }));
      return send(reply, "REPEATER_LIST", { count: repeaters.length, repeaters });
    },
  );
  r("DELETE /api/v2/repeaters", { secured: true, schema: { summary: "Clear repeaters", tags } }, (_req, reply) => {
    ctx.device.clearRepeaters();
    return send(reply, "REPEATERS_CLEARED");
  });
  r(
    "POST /api/v2/repeaters/beginPairing",
    {
      secured: true,
      schema: {
        summary: "Open repeater pairing for timeout seconds (0 closes it)",
        tags,
        body: { type: "object", properties: { timeout: { type: "integer", minimum: 0, maximum: 254 } } },
      },
    },
    (req, reply) => {
      const seconds = parsePairingTimeout(req.body);
      return send(reply, ctx.device.setPairing(seconds) ? "PAIRING_ENABLED" : "PAIRING_DISABLED");
    },
  );
  r(
    "POST /api/v2/repeaters/endPairing",
    { secured: true, schema: { summary: "Close repeater pairing", tags } },
    (_req, reply) => {
      ctx.device.setPairing(0);
      return send(reply, "PAIRING_DISABLED");
    },
  );
}
