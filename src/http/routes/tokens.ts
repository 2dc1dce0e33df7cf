// Tokens (spec §9): generate inside the button window, list without secrets, mint and revoke.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { asObject } from "../../protocol/input.js";
import { send } from "../reply.js";
import { router } from "../router.js";

export function registerTokenRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, "logger" | "settings" | "tokens">,
): void {
  const r = router(app, ctx.tokens);
  r(
    "GET /api/v2/accesstoken/generate",
    {
      secured: false,
    },
    (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const token = ctx.tokens.generate(q.name, req.ip ?? null, ctx.settings.zone);
      return send(reply, "TOKEN_CREATED", { token });
    },
  );
  r("GET /api/v2/accesstoken", { secured: true }, (_req, reply) => {
    const items = ctx.tokens.list(ctx.settings.zone);
    return send(reply, "TOKEN_LIST", { count: items.length, items });
  });
  r(
    "POST /api/v2/accesstoken",
    {
      secured: true,
    },
    (req, reply) => {
      const token = ctx.tokens.create(asObject(req.body).name, req.ip ?? null, ctx.settings.zone);
      ctx.logger.info({ name: token.name, by: req.tokenName, ip: req.ip }, "token minted by a token holder");
      return send(reply, "TOKEN_CREATED", { token });
    },
  );
  r("DELETE /api/v2/accesstoken/:name", { secured: true }, (req, reply) => {
    const { name } = req.params as { name: string };
    ctx.tokens.revoke(name);
    ctx.logger.info({ name, by: req.tokenName }, "token revoked");
    return send(reply, "TOKEN_DELETED");
  });
}
