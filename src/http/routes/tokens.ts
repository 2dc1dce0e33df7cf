// Tokens (spec §9): generate inside the button window, list without secrets, mint and revoke.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context.js";
import { asObject } from "../../domain/order-rules.js";
import { send } from "../reply.js";
import { router } from "../server.js";

const tags = ["tokens"];

export function registerTokenRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = router(app, ctx);
  r(
    "GET",
    "/api/v2/accesstoken/generate",
    {
      secured: false,
      schema: {
        summary: "Generate a token while the button window is open",
        tags,
        querystring: {
          type: "object",
          properties: {
            name: {
              type: "string",
              // No schema default: the domain tells "not given" from "default" (default-2 when taken).
              description: "token name; without it `default`, or `default-2`, `default-3` … when taken",
            },
          },
        },
      },
    },
    (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const token = ctx.tokens.generate(q.name, req.ip ?? null, ctx.settings.zone);
      return send(reply, "TOKEN_CREATED", { token });
    },
  );
  r(
    "GET",
    "/api/v2/accesstoken",
    { secured: true, schema: { summary: "List tokens (no secrets)", tags } },
    (_req, reply) => {
      const items = ctx.tokens.list(ctx.settings.zone);
      return send(reply, "TOKEN_LIST", { count: items.length, items });
    },
  );
  r(
    "POST",
    "/api/v2/accesstoken",
    {
      secured: true,
      schema: {
        summary: "Mint a token under an existing token's authority",
        tags,
        body: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
      },
    },
    (req, reply) => {
      const token = ctx.tokens.create(asObject(req.body).name, req.ip ?? null, ctx.settings.zone);
      ctx.logger.info({ name: token.name, by: req.tokenName, ip: req.ip }, "token minted by a token holder");
      return send(reply, "TOKEN_CREATED", { token });
    },
  );
  r(
    "DELETE",
    "/api/v2/accesstoken/:name",
    { secured: true, schema: { summary: "Revoke a token by name", tags } },
    (req, reply) => {
      const { name } = req.params as { name: string };
      ctx.tokens.revoke(name);
      ctx.logger.info({ name, by: req.tokenName }, "token revoked");
      return send(reply, "TOKEN_DELETED");
    },
  );
}
