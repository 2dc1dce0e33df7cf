// The shape of one entry of the route catalogue (routes.ts), apart from the catalogue so the
// catalogue's parts (routes-v2.ts, routes-opentt.ts) import it without an import cycle.
import type { CodeName } from "../return-codes.js";
import type { ReplyName } from "./replies.js";
import type { SchemaName } from "./shapes.js";

/**
 * bearer: spec §0 token. loopback: only callers on this machine, never a foreign web page
 * (spec §9). loopbackOrBearer: [opentt] the /sim routes answer this machine, or a token holder.
 */
type Auth = "none" | "bearer" | "loopback" | "loopbackOrBearer";

export interface Param {
  name: string;
  description: string;
  schema: object;
  required?: boolean;
}

export interface RouteSpec {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  auth: Auth;
  pathParams?: Param[];
  query?: Param[];
  /** The request body's shape; absent for routes that read none. */
  body?: SchemaName;
  bodyRequired?: boolean;
  replies: ReplyName[];
  /** [opentt] A media type the success may come in instead of JSON, when a query asks for it. */
  textReply?: "text/csv";
  /** Errors this route answers besides the ones every route of its kind does (errorsOf). */
  errors: CodeName[];
}
