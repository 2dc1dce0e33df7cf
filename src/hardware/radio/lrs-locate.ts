// Finding the vendor gateway when `--radio lrs` names no address (radio.md top, issue 17 point
// 1): by Bonjour (`_tracker-http._tcp`), never opentt itself (its own serial) nor another
// bridged opentt (TXT `bridge=`). Several candidates is a question only the installer can
// answer, so the gateway stops and lists them rather than guess.
import { UpstreamDown } from "./lrs-upstream.js";

/** A gateway Bonjour found: the part of the SDK's FoundGateway this file reads. */
export interface FoundGateway {
  name: string;
  url: string;
  txt: Readonly<Record<string, string | undefined>>;
}

/**
 * Lists the gateways that answer within the timeout. Injected (the CLI passes the SDK's
 * discover()) because an adapter may not import the SDK (test/architecture).
 */
export type BrowseGateways = (timeoutMs: number) => Promise<readonly FoundGateway[]>;

/** More than one vendor gateway answered: the message lists them and says how to choose. */
export class SeveralUpstreams extends TypeError {}

/** One candidate as the installer needs it: name, address, serial, and the flag that picks it. */
function describe(g: FoundGateway): string {
  const url = g.url.replace(/\/$/, "");
  return `${g.name} at ${url} (serial ${g.txt.serial ?? "not advertised"}): --radio lrs+${url}`;
}

/** The base URL (`http://host:port`) of the one vendor gateway among `found`. */
export function chooseUpstream(found: readonly FoundGateway[], ownSerial: string, previous?: string): string {
  const candidates = found.filter((g) => g.txt.serial !== ownSerial && g.txt.bridge === undefined);
  // After a DHCP renumbering the same gateway comes back under its name: keep following it.
  const same = previous === undefined ? undefined : candidates.find((g) => g.name === previous);
  const pick = same ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (pick) return pick.url.replace(/\/$/, "");
  if (candidates.length === 0)
    throw new UpstreamDown(
      "no vendor gateway answered on Bonjour (_tracker-http._tcp); give --radio lrs+http://host:8000",
    );
  throw new SeveralUpstreams(
    `several gateways answered on Bonjour (_tracker-http._tcp); choose one by starting opentt with --radio lrs+http://host:port (or OPENTT_RADIO):\n${candidates
      .map((g) => `  ${describe(g)}`)
      .join("\n")}`,
  );
}

/** Where the upstream is, and what names it in TXT `bridge=` (its serial when it says one). */
export interface UpstreamPlace {
  url: string;
  serial: string;
}

/** A locate() for the LRS radio: asks Bonjour before each connection, following one gateway by name. */
export function bonjourLocator(
  ownSerial: string,
  browse: BrowseGateways,
  timeoutMs = 3_000,
): () => Promise<UpstreamPlace> {
  let chosen: string | undefined;
  return async () => {
    const found = await browse(timeoutMs);
    const url = chooseUpstream(found, ownSerial, chosen);
    const g = found.find((x) => x.url.replace(/\/$/, "") === url);
    chosen = g?.name;
    return { url, serial: g?.txt.serial ?? g?.name ?? url };
  };
}

/**
 * A fixed address. The vendor's API carries no serial outside [opentt] fields, so TXT `bridge=`
 * names the upstream by its host:port.
 */
export function fixedLocator(url: string): () => Promise<UpstreamPlace> {
  const place = { url, serial: url.replace(/^http:\/\//, "") };
  return async () => place;
}
