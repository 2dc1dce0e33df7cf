// The OpenAPI 3.1 document, generated from the route catalogue and the shapes: one response
// per HTTP status, holding every reply (success or error) the route answers with that status,
// each told apart by its returnCode. Served at /docs/json; checked by spectral, redocly, the
// contract fuzzer and the generated-types check (docs/api.md).
import { type CodeName, returnCodes } from "../return-codes.js";
import { type ReplyName, replies } from "./replies.js";
import { errorsOf, type Param, type RouteSpec, routes } from "./routes.js";
import { ref, shapes } from "./shapes.js";

const JSON_TYPE = "application/json";

const TAGS = [
  { name: "gateway", description: "What the gateway is; its button" },
  { name: "tokens", description: "Access tokens and the button window (spec §9)" },
  { name: "orders", description: "Active orders and paging (spec §2)" },
  { name: "history", description: "Order history and statistics (spec §5, §6)" },
  { name: "settings", description: "Gateway settings (spec §7)" },
  { name: "webhooks", description: "Webhook registrations (spec §8)" },
  { name: "hardware", description: "Tracker and repeater inventory (spec §10)" },
  { name: "cloud", description: "[opentt] The cloud link" },
  { name: "simulation", description: "[opentt] The simulated floor of a gateway started with --sim" },
];

const AUTH_TEXT: Record<RouteSpec["auth"], string> = {
  none: "No token needed.",
  bearer: "Needs `Authorization: Bearer <token>`.",
  loopback:
    "Answers only callers on the gateway's own machine (a loopback address), and refuses requests whose " +
    "Origin names another site (403, returnCode -5).",
  loopbackOrBearer: "Callers on the gateway's own machine need no token; others need `Authorization: Bearer <token>`.",
};

// `[]` says "no token" outright; the loopback check is no security scheme OpenAPI can express.
const SECURITY: Record<RouteSpec["auth"], object[]> = {
  none: [],
  loopback: [],
  bearer: [{ bearer: [] }],
  loopbackOrBearer: [{}, { bearer: [] }],
};

/** One response per HTTP status: the success replies, or the error envelope with its returnCodes. */
function responses(r: RouteSpec): Record<string, object> {
  const out: Record<string, { description: string; content: object }> = {};
  const byStatus = new Map<number, { ok: ReplyName[]; errors: CodeName[] }>();
  const slot = (status: number) => {
    const s = byStatus.get(status) ?? { ok: [], errors: [] };
    byStatus.set(status, s);
    return s;
  };
  for (const name of r.replies) slot(returnCodes[replies[name].code].httpStatus).ok.push(name);
  for (const code of errorsOf(r)) slot(returnCodes[code].httpStatus).errors.push(code);
  for (const [status, { ok, errors }] of [...byStatus].sort(([a], [b]) => a - b)) {
    let schema: object;
    let description: string;
    if (ok.length > 0) {
      const refs = ok.map((name) => ({ $ref: `#/components/schemas/${name}` }));
      schema = refs.length === 1 ? (refs[0] as object) : { oneOf: refs };
      description = ok.map((name) => `returnCode ${returnCodes[replies[name].code].returnCode}`).join(" · ");
    } else {
      const codes = [...new Set(errors.map((c) => returnCodes[c].returnCode))];
      schema = {
        allOf: [
          ref("ErrorEnvelope"),
          {
            properties: {
              status: { const: status },
              returnCode: codes.length === 1 ? { const: codes[0] } : { enum: codes },
            },
          },
        ],
      };
      description = errors.map((c) => `returnCode ${returnCodes[c].returnCode}: ${returnCodes[c].message}`).join(" · ");
    }
    out[String(status)] = { description, content: { [JSON_TYPE]: { schema } } };
  }
  return out;
}

const parameter = (where: "path" | "query") => (p: Param) => ({
  name: p.name,
  in: where,
  description: p.description,
  required: where === "path" ? true : (p.required ?? false),
  schema: p.schema,
});

function operation(r: RouteSpec): object {
  const parameters = [...(r.pathParams ?? []).map(parameter("path")), ...(r.query ?? []).map(parameter("query"))];
  return {
    operationId: r.operationId,
    summary: r.summary,
    description: AUTH_TEXT[r.auth],
    tags: [r.tag],
    security: SECURITY[r.auth],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(r.body
      ? {
          requestBody: {
            required: r.bodyRequired ?? false,
            content: { [JSON_TYPE]: { schema: ref(r.body) } },
          },
        }
      : {}),
    responses: responses(r),
  };
}

export function buildOpenApi(version: string) {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of routes) {
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, object>)[r.method.toLowerCase()] = operation(r);
  }
  const replySchemas = Object.fromEntries(Object.entries(replies).map(([name, r]) => [name, r.schema]));
  return {
    openapi: "3.1.0",
    info: {
      title: "opentt — Table Tracker API v2",
      version,
      description:
        "Wire-compatible with the LRS Table Tracker API v2; [opentt] marks this gateway's own additions. " +
        "Every reply carries `status` and `returnCode`; errors and confirmations carry `message`. The WebSocket " +
        "`/api/v2/websocket` is described by the AsyncAPI document at `/docs/asyncapi.json`.",
      license: { name: "MIT", identifier: "MIT" },
      contact: { name: "opentt" },
    },
    servers: [{ url: "/", description: "The gateway serving this document (port 8000 by default)" }],
    tags: TAGS,
    paths,
    webhooks: {
      orderChanged: {
        post: {
          operationId: "orderChanged",
          summary: "On every order change the gateway POSTs the order's summary to each registered URL",
          description: "In order per URL, retried with backoff for at least an hour; survives a restart (spec §8).",
          tags: ["webhooks"],
          security: [],
          requestBody: { required: true, content: { [JSON_TYPE]: { schema: ref("OrderSummary") } } },
          responses: { "200": { description: "Any 2xx status acknowledges the delivery" } },
        },
      },
    },
    components: {
      schemas: { ...shapes, ...replySchemas },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "48 lowercase hex characters (spec §0)" },
      },
    },
  };
}
