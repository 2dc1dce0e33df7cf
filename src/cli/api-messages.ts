// The gateway's answers in the command line's words. The gateway names its query parameters and
// routes (`target_time`, `GET /api/v2/accesstoken`); a CLI user typed flags and arguments. Every
// API error a command fails with is translated here, once, keyed by its code and by the flag or
// argument that carried the value, so commands never rewrite messages themselves.
import type { Command } from "commander";
import { returnCodes } from "../protocol/return-codes.js";
import type { ActiveOrder } from "../protocol/wire.js";
import type { TrackerApiError, TrackerApiErrorCode } from "../sdk/errors.js";
import type { UpsertResultKind } from "../sdk/types.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";

/** What the failing command was given, as the user typed it. */
export interface CommandContext {
  /** The command without the program name: "order locate", "tokens revoke". */
  path: string;
  /** Positional arguments by their declared name: `{ name: "12", table: "3" }`. */
  args: Record<string, string>;
  /** Flags with a value (typed or default), by long name: `{ "--after": "yesterday" }`. */
  flags: Record<string, string>;
}

export function commandContext(cmd: Command | undefined): CommandContext {
  const ctx: CommandContext = { path: "", args: {}, flags: {} };
  if (!cmd) return ctx;
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  ctx.path = names.join(" ");
  cmd.registeredArguments.forEach((a, i) => {
    const v: unknown = cmd.processedArgs[i];
    if (v !== undefined) ctx.args[a.name()] = Array.isArray(v) ? v.join(" ") : String(v);
  });
  for (const o of cmd.options) {
    const v: unknown = cmd.getOptionValue(o.attributeName());
    if (o.long && v !== undefined && typeof v !== "boolean") ctx.flags[o.long] = String(v);
  }
  return ctx;
}

/**
 * Input errors: which flag or argument (`<name>`) can carry the bad value, with the API parameter
 * it becomes (to tell two candidates apart: the gateway names the parameter), and what is accepted.
 */
const INPUTS: Partial<Record<TrackerApiErrorCode, { inputs: Array<[input: string, param?: string]>; use: string }>> = {
  INVALID_TARGET_TIME: { inputs: [["--target", "target_time"]], use: "a whole number of seconds, 1 or more, e.g. 300" },
  INVALID_LIMIT: { inputs: [["--limit", "limit"]], use: "a whole number from 1 to 100" },
  INVALID_OFFSET: { inputs: [["--offset", "offset"]], use: "a whole number, 0 or more" },
  INVALID_DATE: {
    inputs: [
      ["--after", "created_after"],
      ["--before", "created_before"],
    ],
    use: "a time on the gateway's clock as YYYY-MM-DDTHH:MM:SS, e.g. 2026-12-05T18:30:00",
  },
  INVALID_ORDER_TYPE: { inputs: [["--type", "order_type"]], use: "ON_PREMISE or TO_GO" },
  INVALID_LOCATION_NAME: {
    inputs: [["--table", "location_name"], ["<table>"]],
    use: "a table number (digits), e.g. 12",
  },
  NO_ORDER_NAME: { inputs: [["<name>"]], use: "an order number of 1-9 digits (the number on the tracker)" },
  INVALID_ORDER_NAME: { inputs: [["<name>"]], use: "an order number of 1-9 digits (the number on the tracker)" },
  INVALID_ORDER_ID: { inputs: [["<id>"]], use: "an order number (1-9 digits) or an order's uuid" },
  INVALID_ORDER_UUID: { inputs: [["<id>"]], use: "an order number (1-9 digits) or an order's uuid" },
  INVALID_TOKEN_NAME: {
    inputs: [["<name>"], ["--name"]],
    use: "1-64 characters: letters, digits, '.', '_' or '-'",
  },
  INVALID_HTTP_CLIENT: { inputs: [["<url>"], ["<cloud-url>"]], use: "an http:// or https:// URL" },
  MALFORMED_DEVICE_CODE: {
    inputs: [["<device-code>"]],
    use: "the 8-character code the cloud gave for the site, e.g. KX7M-Q2PD",
  },
  MISSING_DEVICE_CODE: {
    inputs: [["<device-code>"]],
    use: "the 8-character code the cloud gave for the site, e.g. KX7M-Q2PD",
  },
};

const typed = (c: CommandContext, input: string): string | undefined =>
  input.startsWith("<") ? c.args[input.slice(1, -1)] : c.flags[input];

function inputMessage(e: TrackerApiError, c: CommandContext): string | undefined {
  const rule = INPUTS[e.code];
  if (!rule) return undefined;
  let given = rule.inputs.filter(([input]) => typed(c, input) !== undefined);
  const named = given.filter(([, param]) => param !== undefined && e.message.includes(param));
  if (given.length > 1 && named.length > 0) given = named;
  if (given.length === 0) return undefined;
  const what = given.map(([input]) => `${input} ${JSON.stringify(typed(c, input))}`).join(" or ");
  return `Invalid ${what}: use ${rule.use}.`;
}

type Said = { message: string; exitCode?: number };
const notFound = (message: string): Said => ({ message, exitCode: EXIT.NOT_FOUND });
const orderOf = (c: CommandContext) => c.args.id ?? c.args.name ?? "";

/** Errors that are about what exists rather than about an input's form. */
const RULES: Partial<Record<TrackerApiErrorCode, (e: TrackerApiError, c: CommandContext) => Said | undefined>> = {
  ORDER_NOT_FOUND: (_e, c) =>
    notFound(`No active order ${orderOf(c)}; see \`opentt orders\` (finished orders are in \`opentt history\`).`),
  // A POST without orderType for a name no active order has: the order to change does not exist.
  NO_ORDER_TYPE: (_e, c) => {
    const table = c.args.table ?? c.flags["--table"];
    const create = `opentt order create ${orderOf(c)}${table ? ` --table ${table}` : ""}`;
    return notFound(`No active order ${orderOf(c)}; \`${create}\` starts one.`);
  },
  // Revoking names an existing token, so a name the gateway refuses is a name no token has.
  INVALID_TOKEN_NAME: (_e, c) =>
    c.path === "tokens revoke" ? notFound(`No token named '${c.args.name}'; see \`opentt tokens list\`.`) : undefined,
  DUPLICATE_TOKEN_NAME: (_e, c) => {
    const name = c.args.name ?? c.flags["--name"];
    return { message: `A token named '${name}' exists: pick another name, or \`opentt tokens revoke ${name}\` first.` };
  },
  UNKNOWN_HTTP_CLIENT: (_e, c) => notFound(`No webhook is registered for ${c.args.url}; see \`opentt webhooks list\`.`),
  PAGING_IMPOSSIBLE: (_e, c) => ({
    message:
      `Order ${orderOf(c)} cannot be paged: the gateway has not seen its tracker yet (a tracker is seen ` +
      "once it is taken from the starter unit; on a simulated floor `opentt sim start <tracker>` does that).",
  }),
  INVALID_TOKEN: () => ({
    message:
      "The gateway refused the token (unknown or revoked): get a new one with `opentt token`, or pass another with --token.",
  }),
  MALFORMED_AUTH_HEADER: () => ({
    message: "That is not an access token: a token is 48 hex characters (check --token or $OPENTT_TOKEN).",
  }),
  TOKEN_WINDOW_CLOSED: () => ({
    message:
      "The token window is closed: press the gateway button (`opentt button` on the gateway box), then try again within 120 s.",
  }),
  // The gateway said no more than "No such route": this gateway lacks what the command needs.
  NOT_FOUND: (e, c) => {
    const sim = c.path.startsWith("sim ");
    if (e.message !== returnCodes.NOT_FOUND.message) {
      // A /sim/trackers route found, answering in its own words: the floor has not seen that tracker.
      const n = c.args.tracker;
      return sim && n
        ? {
            message: `Tracker ${n} has not been seen on the simulated floor: run \`opentt sim start ${n}\` or \`opentt sim locate ${n} <table>\` first`,
          }
        : undefined;
    }
    if (sim) return { message: "This gateway has no simulated floor: start it with `opentt gateway --sim`" };
    return {
      message: `This gateway has no route for \`opentt ${c.path}\`: it runs an older opentt, or is not an opentt gateway.`,
    };
  },
};

/** The message and exit code a command failing with `e` reports. */
export function describeApiError(e: TrackerApiError, c: CommandContext): { message: string; exitCode: number } {
  const said = RULES[e.code]?.(e, c) ?? { message: inputMessage(e, c) ?? e.message };
  return { message: said.message, exitCode: said.exitCode ?? exitCodeFor(e) };
}

/** What POST /activeorders did (its returnCode, spec §2), as a headline for order `name`. */
export function upsertHeadline(name: string, result: UpsertResultKind, order: ActiveOrder): string {
  const at = order.locationName ? ` at table ${order.locationName}` : "";
  switch (result) {
    case "created":
      return `Order ${name}: created${at}.`;
    case "modified":
      return `Order ${name}: changed, now ${order.orderType}${at}.`;
    case "alreadyStarted":
      return `Order ${name}: already started, nothing changed.`;
    case "alreadyLocated":
      return `Order ${name}: already${at}, nothing changed.`;
  }
}
