// The options every gateway command shares (--gateway, --token, --json) and how they resolve:
// flag, then environment, then this machine's gateway, then mDNS discovery / the saved token file.
import { type Command, Option } from "commander";
import { createClient, type TrackerClient } from "../sdk/client.js";
import { isTrackerApiError } from "../sdk/errors.js";
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

/**
 * A gateway on this machine: loopback, on $OPENTT_PORT (what `opentt gateway` would listen on)
 * or 8000. Loopback is the only address the gateway trusts for the button and the /sim routes.
 */
function localGateway(io: CliIo): string {
  return `http://127.0.0.1:${io.env.OPENTT_PORT || 8000}`;
}

/** A probe of this machine answers at once (or is refused at once); this only bounds a stuck one. */
const LOCAL_PROBE_MS = 1_000;

export function connectionOptions(cmd: Command, opts: { token?: boolean; local?: boolean } = {}): Command {
  cmd
    .option(
      "--gateway <url>",
      opts.local
        ? "gateway URL (default $OPENTT_GATEWAY, else the gateway on this machine: http://127.0.0.1:$OPENTT_PORT or :8000)"
        : "gateway URL, e.g. http://192.168.1.23:8000 (default $OPENTT_GATEWAY, else this machine's, else mDNS discovery)",
    )
    .option("--json", "machine-readable JSON on stdout");
  if (opts.token !== false) cmd.option("--token <token>", "access token (default $OPENTT_TOKEN, else the saved token)");
  cmd.addOption(new Option("--discover-timeout <ms>", "how long discovery listens").default("2000").hideHelp());
  return cmd;
}

/** Does an API v2 gateway answer at this URL? Never throws. */
async function answers(baseUrl: string, timeoutMs: number): Promise<boolean> {
  return createClient({ baseUrl, timeoutMs })
    .info()
    .then(
      () => true,
      () => false,
    );
}

/**
 * Finds the gateway URL and checks that it answers (an unreachable one fails here, with exit 3,
 * for every command): --gateway, $OPENTT_GATEWAY, the gateway on this machine, or the one gateway
 * mDNS finds. `local` commands (button, sim, token --press) only make sense on the gateway box
 * and never fall back to discovery: a discovered LAN address is not loopback, so the gateway
 * would refuse them.
 */
export async function resolveGateway(
  flags: ConnectionFlags,
  io: CliIo,
  opts: { local?: boolean } = {},
): Promise<string> {
  const explicit = flags.gateway ?? io.env.OPENTT_GATEWAY;
  if (explicit) {
    const baseUrl = normalizeBaseUrl(explicit);
    await createClient({ baseUrl }).info(); // unreachable: TrackerApiError UNREACHABLE, exit 3
    return baseUrl;
  }
  const local = normalizeBaseUrl(localGateway(io));
  if (opts.local) {
    await createClient({ baseUrl: local })
      .info()
      .catch((e: unknown) => {
        throw new CliError(
          `${e instanceof Error ? e.message : String(e)}. This command talks to the gateway on this machine: start it (npm start), or name its port with OPENTT_PORT or --gateway http://127.0.0.1:<port>.`,
          EXIT.UNREACHABLE,
        );
      });
    return local;
  }
  // Try this machine first: a gateway on localhost answers in milliseconds, discovery takes 2 s.
  if (await answers(local, LOCAL_PROBE_MS)) return local;
  const { discover } = await import("../sdk/discovery.js");
  const found = await discover({ timeout: Number(flags.discoverTimeout ?? 2000) }).catch(() => []);
  if (found.length > 1) {
    const list = found.map((g) => `  ${g.url}  ${g.name}`).join("\n");
    throw new CliError(`Several gateways answered; pick one with --gateway:\n${list}`, EXIT.USAGE);
  }
  if (!found[0]) {
    throw new CliError(
      `No gateway found: none runs on this machine (${local}) and none answered mDNS discovery. Pass --gateway URL or set OPENTT_GATEWAY.`,
      EXIT.UNREACHABLE,
    );
  }
  const baseUrl = normalizeBaseUrl(found[0].url);
  await createClient({ baseUrl }).info();
  return baseUrl;
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
    // An unreachable gateway is exit 3 "cannot reach", not "no token": only a refused info
    // (an old gateway without serial, say) falls back to finding the token by URL.
    const serial = await createClient({ baseUrl })
      .info()
      .then((i) => i.gateway.serial)
      .catch((e: unknown) => {
        if (isTrackerApiError(e) && e.code === "UNREACHABLE") throw e;
        return undefined;
      });
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
  opts: { token?: boolean; local?: boolean } = {},
): Promise<{ client: TrackerClient; baseUrl: string; token?: string }> {
  const baseUrl = await resolveGateway(flags, io, opts);
  const token = opts.token === false ? undefined : await resolveToken(flags, baseUrl, io);
  return { client: createClient({ baseUrl, token }), baseUrl, token };
}
