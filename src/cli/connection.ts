// The options every gateway command shares (--gateway, --token, --json) and how they resolve:
// flag, then environment, then mDNS discovery / the saved token file.
import { type Command, Option } from "commander";
import { createClient, type TrackerClient } from "../sdk/client.js";
import { defaultTokenFile, type SavedToken, TokenFile } from "../sdk/token-file.js";
import { normalizeBaseUrl } from "../sdk/transport.js";
import { CliError, EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";

export interface ConnectionFlags {
  gateway?: string;
  token?: string;
  json?: boolean;
  discoverTimeout?: string;
}

/** The gateway's own default address, tried when discovery finds nothing (the CLI on the gateway box). */
const LOCAL_GATEWAY = "http://127.0.0.1:8000";

export function connectionOptions(cmd: Command, opts: { token?: boolean } = {}): Command {
  cmd
    .option(
      "--gateway <url>",
      "gateway URL, e.g. http://192.168.1.23:8000 (default $OPENTT_GATEWAY, else mDNS discovery)",
    )
    .option("--json", "machine-readable JSON on stdout");
  if (opts.token !== false) cmd.option("--token <token>", "access token (default $OPENTT_TOKEN, else the saved token)");
  cmd.addOption(new Option("--discover-timeout <ms>", "how long discovery listens").default("2000").hideHelp());
  return cmd;
}

/** Finds the gateway URL: --gateway, $OPENTT_GATEWAY, the one gateway mDNS finds, or this machine. */
export async function resolveGateway(flags: ConnectionFlags, io: CliIo): Promise<string> {
  const explicit = flags.gateway ?? io.env.OPENTT_GATEWAY;
  if (explicit) return normalizeBaseUrl(explicit);
  const { discover } = await import("../sdk/discovery.js");
  const found = await discover({ timeout: Number(flags.discoverTimeout ?? 2000) }).catch(() => []);
  if (found.length === 1 && found[0]) return normalizeBaseUrl(found[0].url);
  if (found.length > 1) {
    const list = found.map((g) => `  ${g.url}  ${g.name}`).join("\n");
    throw new CliError(`Several gateways answered; pick one with --gateway:\n${list}`, EXIT.USAGE);
  }
  try {
    await createClient({ baseUrl: LOCAL_GATEWAY, timeoutMs: 1_500 }).info();
    return LOCAL_GATEWAY;
  } catch {
    throw new CliError(
      "No gateway found: none answered mDNS discovery and none runs on this machine. Pass --gateway URL or set OPENTT_GATEWAY.",
      EXIT.UNREACHABLE,
    );
  }
}

export function tokenFile(io: CliIo): TokenFile {
  return new TokenFile(defaultTokenFile(io.env));
}

/** --token, $OPENTT_TOKEN, or the token saved for this gateway (by serial, then URL). */
export async function resolveToken(flags: ConnectionFlags, baseUrl: string, io: CliIo): Promise<string> {
  const explicit = flags.token ?? io.env.OPENTT_TOKEN;
  if (explicit) return explicit;
  const file = tokenFile(io);
  let saved: SavedToken | undefined;
  if (file.all().length > 0) {
    // By serial first: after a DHCP change an old URL may name another gateway.
    const serial = await createClient({ baseUrl })
      .info()
      .then((i) => i.gateway.serial)
      .catch(() => undefined);
    saved = file.find({ serial, url: baseUrl });
  }
  if (!saved) {
    throw new CliError(
      `No access token for ${baseUrl}: run \`opentt token --gateway ${baseUrl}\` and press the gateway button, or pass --token / set OPENTT_TOKEN.`,
      EXIT.AUTH,
    );
  }
  return saved.token;
}

/** A client for the resolved gateway, with a token unless the command needs none. */
export async function connect(
  flags: ConnectionFlags,
  io: CliIo,
  opts: { token?: boolean } = {},
): Promise<{ client: TrackerClient; baseUrl: string; token?: string }> {
  const baseUrl = await resolveGateway(flags, io);
  const token = opts.token === false ? undefined : await resolveToken(flags, baseUrl, io);
  return { client: createClient({ baseUrl, token }), baseUrl, token };
}
