// GET /api/v2/activeorders is what every screen polls, many times a second in a busy kitchen:
// the kept reply (active-orders-body.ts) is sent from the server's own `request` listener,
// before fastify builds its request and reply objects, routes, and runs its hooks (issue 21.2).
// Only the success path is taken here, with the same pieces every route uses: the same CORS and
// nosniff headers as the hooks in server.ts, the same token check, the same kept envelope. Any
// other request, and any request this path would refuse (no token, a bad one), goes to fastify
// untouched, so every error is answered by the one error handler.
import type http from "node:http";
import type { AppContext } from "../context.js";
import { returnCodes } from "../protocol/return-codes.js";
import { ActiveOrdersBody } from "./active-orders-body.js";
import { JSON_TYPE, type PreparedReply } from "./reply.js";

/** Set on every /api/v2 reply by server.ts's onRequest hook. */
export const CORS_ORIGIN = ["access-control-allow-origin", "*"] as const;
/** Set on every reply by server.ts's onSend hook. */
export const NOSNIFF = ["x-content-type-options", "nosniff"] as const;

const PATH = "/api/v2/activeorders";

/** Returns a listener that answers the kept list and returns true, or returns false to pass. */
export function leanActiveOrders(ctx: AppContext): (req: http.IncomingMessage, res: http.ServerResponse) => boolean {
  const list = ActiveOrdersBody.for(ctx);
  return (req, res) => {
    if (req.method !== "GET" || req.url !== PATH) return false;
    let prepared: PreparedReply;
    try {
      ctx.tokens.authenticate(req.headers.authorization, req.socket.remoteAddress ?? null, req.socket);
      prepared = list.current();
    } catch {
      // Refused or failed, with nothing written yet: fastify answers it, through the same check
      // and the one error handler (which logs the cause).
      return false;
    }
    // The order fastify writes them in for the same route (test/api/active-orders-cache.test.ts).
    res.writeHead(returnCodes[prepared.code].httpStatus, {
      [CORS_ORIGIN[0]]: CORS_ORIGIN[1],
      "content-type": JSON_TYPE,
      [NOSNIFF[0]]: NOSNIFF[1],
      "content-length": prepared.body.length,
    });
    res.end(prepared.body);
    return true;
  };
}
