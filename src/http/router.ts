// The gateway's router: every route module registers through the function router() returns,
// so the 405 table cannot miss a route, every secured route checks its token the same way,
// and a route can only answer the codes protocol/replies.ts gives it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Method, RouteKey, RouteReplies } from "../protocol/replies.js";
import type { Sent } from "./reply.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Name of the token that authenticated this request, on secured routes. */
    tokenName?: string;
  }
}

/** What the router needs of the token service: one check of the Authorization header. */
export interface Authenticator {
  authenticate(header: string | undefined, ip: string | null, socket?: object): string;
}

type Handler<R extends RouteKey> = (
  req: FastifyRequest,
  reply: FastifyReply,
) => Sent<RouteReplies[R]> | Promise<Sent<RouteReplies[R]>>;

export type RouteFn = <R extends RouteKey>(route: R, options: { secured: boolean }, handler: Handler<R>) => void;

const routeUrls = new WeakMap<FastifyInstance, Set<string>>();

export function router(app: FastifyInstance, tokens: Authenticator): RouteFn {
  return (route, options, handler) => {
    const [method, url] = route.split(" ") as [Method, string];
    register(app, tokens, method, url, options, handler);
  };
}

/**
 * A route outside the JSON contract (GET /metrics answers Prometheus text): the same 405 table
 * and the same token check as every other route, but a reply the code table does not type.
 */
export function textRoute(
  app: FastifyInstance,
  tokens: Authenticator,
  method: Method,
  url: string,
  options: { secured: boolean },
  handler: (req: FastifyRequest, reply: FastifyReply) => unknown,
): void {
  register(app, tokens, method, url, options, handler);
}

function register(
  app: FastifyInstance,
  tokens: Authenticator,
  method: Method,
  url: string,
  options: { secured: boolean },
  handler: unknown,
): void {
  let seen = routeUrls.get(app);
  if (!seen) {
    seen = new Set();
    routeUrls.set(app, seen);
  }
  seen.add(url);
  // Authentication runs before the body is read, so strangers cannot make the gateway parse.
  // The socket lets a keep-alive client skip the hash for the token it already proved.
  const auth = (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    try {
      req.tokenName = tokens.authenticate(req.headers.authorization, req.ip ?? null, req.raw.socket);
    } catch (e) {
      return done(e as Error);
    }
    done();
  };
  app.route({ method, url, handler: handler as never, onRequest: options.secured ? auth : undefined });
}

/** Path patterns of every route, to tell 405 (known path, wrong method) from 404. */
export function routePatterns(app: FastifyInstance): RegExp[] {
  const patterns: RegExp[] = [];
  for (const url of routeUrls.get(app) ?? []) {
    const re = url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z_]+/g, "[^/]+");
    patterns.push(new RegExp(`^${re}/?$`));
  }
  return patterns;
}
