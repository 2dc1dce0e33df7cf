// The route catalogue: every HTTP route of the gateway with its auth, its inputs and, per
// return code, its reply. openapi.ts turns it into the OpenAPI document; a test checks that
// the gateway registers exactly these routes. Paths use OpenAPI's {param} syntax. The routes
// themselves are in routes-v2.ts (spec §1) and routes-floor.ts (the floor as staff see it) and routes-opentt.ts (cloud, button, simulated floor).

import type { CodeName } from "../return-codes.js";
import type { RouteSpec } from "./route-spec.js";
import { floorRoutes } from "./routes-floor.js";
import { openttRoutes } from "./routes-opentt.js";
import { v2Routes } from "./routes-v2.js";

export type { Param, RouteSpec } from "./route-spec.js";

export const routes: RouteSpec[] = [...v2Routes, ...floorRoutes, ...openttRoutes];

/**
 * Every error a route can answer: its own, plus what its kind always may (spec §0, §3): token
 * errors, the loopback refusal, an unreadable or oversized body on POST/DELETE, a path that is
 * not valid percent-encoding, a write the disk refused (503) and, never meant to happen, 500.
 */
export function errorsOf(r: RouteSpec): CodeName[] {
  const out = new Set<CodeName>(r.errors);
  if (r.auth === "bearer" || r.auth === "loopbackOrBearer") {
    out.add("MALFORMED_AUTH_HEADER");
    out.add("INVALID_TOKEN");
  }
  if (r.auth === "loopback") out.add("FORBIDDEN");
  if (r.method !== "GET") {
    out.add("INVALID_JSON");
    out.add("BODY_TOO_LARGE");
    out.add("UNAVAILABLE");
  }
  if (r.path.includes("{")) out.add("NOT_FOUND");
  out.add("INTERNAL");
  return [...out];
}
