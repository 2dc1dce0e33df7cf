// [opentt] The gateway's cloud link: activate with a device code, show the binding and sync
// state, unbind. Uploads run in the background (src/sync).
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { TrackerError } from "../../protocol/tracker-error.js";
import { send } from "../reply.js";
import { router } from "../router.js";

export function registerCloudRoutes(app: FastifyInstance, ctx: Pick<AppContext, "cloud" | "logger" | "tokens">): void {
  const cloud = ctx.cloud;
  if (!cloud) return;
  const r = router(app, ctx.tokens);
  r(
    "POST /api/v2/cloud/activate",
    {
      secured: true,
    },
    async (req, reply) => {
      const { code, status } = await cloud.activate(req.body);
      ctx.logger.info({ by: req.tokenName, siteId: status.siteId }, "cloud activated");
      return send(reply, code, { cloud: status });
    },
  );
  r("GET /api/v2/cloud", { secured: true }, (_req, reply) => send(reply, "CLOUD_STATUS", { cloud: cloud.status() }));
  r("DELETE /api/v2/cloud", { secured: true }, (req, reply) => {
    if (!cloud.unbind()) throw new TrackerError("NOT_FOUND", "This gateway is not bound to a cloud");
    ctx.logger.info({ by: req.tokenName }, "cloud unbound");
    return send(reply, "CLOUD_UNBOUND", { cloud: cloud.status() });
  });
}
