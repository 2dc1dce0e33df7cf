// POST /admin/button (spec §9 [opentt]): the button, pressed from the gateway box itself. Only
// loopback callers, and never a request a web page made (a foreign Origin), so a page open in
// a browser on the box cannot mint itself a token.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../../context.js";
import { TrackerError } from "../../protocol/tracker-error.js";
import { send } from "../reply.js";
import { router } from "../router.js";

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** An Origin is ours only when it names a loopback host on the port this request came in on. */
export function isLocalOrigin(origin: string, localPort: number | undefined): boolean {
  try {
    const u = new URL(origin);
    const host = u.hostname.replace(/^\[|\]$/g, "");
    const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
    return (host === "localhost" || isLoopback(host)) && port === localPort;
  } catch {
    return false;
  }
}

/** True when a browser sent the request for a page of another site (its Origin is not ours). */
export function fromForeignPage(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && !isLocalOrigin(String(origin), req.socket.localPort);
}

/** Throws 403 -5 unless the request is from this machine and not from a foreign web page. */
export function assertLocalCaller(req: FastifyRequest): void {
  if (!isLoopback(req.socket.remoteAddress)) {
    throw new TrackerError("FORBIDDEN", "The button can only be pressed from the gateway itself (a loopback address)");
  }
  if (fromForeignPage(req)) {
    throw new TrackerError("FORBIDDEN", "The button cannot be pressed from a web page of another site");
  }
}

export function registerAdminRoutes(app: FastifyInstance, ctx: Pick<AppContext, "pressButton" | "tokens">): void {
  const r = router(app, ctx.tokens);
  r("POST /admin/button", { secured: false }, (req, reply) => {
    assertLocalCaller(req);
    ctx.pressButton(`admin route from ${req.socket.remoteAddress}`);
    return send(reply, "BUTTON_PRESSED", { windowSeconds: ctx.tokens.windowRemaining() });
  });
}
