// Finds Table Tracker gateways on the LAN by their DNS-SD type `_tracker-http._tcp` (spec §0) and
// keeps watching them: one multicast querier (RFC 6762 §5.2) feeding an MdnsCache.
import { networkInterfaces } from "node:os";
import makeMdns from "multicast-dns";
import { GATEWAY_SERVICE_TYPE } from "../protocol/discovery.js";
import {
  type DiscoveredGateway,
  MdnsCache,
  type MdnsRecord,
  type PtrRecord,
  type Question,
  sameGateway,
} from "./mdns-cache.js";

export { GATEWAY_SERVICE_TYPE } from "../protocol/discovery.js";
export type { DiscoveredGateway } from "./mdns-cache.js";

export interface WatchOptions {
  /**
   * Interface to query on, by name (`eth0`) or IPv4 address; default: the system's default
   * multicast interface. Answers are heard on every interface either way.
   */
  interface?: string;
  /** Called when the mDNS socket fails after it opened, or when the event listener throws. */
  onError?: (error: Error) => void;
}

export interface DiscoverOptions extends WatchOptions {
  /** How long to listen for answers, in milliseconds (default 3000). */
  timeout?: number;
}

export type GatewayEvent =
  | { type: "up"; gateway: DiscoveredGateway }
  | { type: "change"; gateway: DiscoveredGateway; previous: DiscoveredGateway }
  | { type: "down"; gateway: DiscoveredGateway };

export interface GatewayWatch {
  /** The gateways reachable right now. */
  readonly gateways: DiscoveredGateway[];
  /** Resolves once the socket is open and the first query has been sent. */
  readonly ready: Promise<void>;
  /** Stops querying and closes the socket; idempotent. */
  close(): Promise<void>;
}

/** RFC 6762 §5.2: the first two queries are 1 s apart, then the interval doubles up to 60 min. */
const FIRST_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 60 * 60 * 1_000;
const TICK_MS = 1_000;

/**
 * Lists the gateways that answer within the timeout.
 *
 * @example
 * const gateways = await discover({ timeout: 3000 });
 * for (const g of gateways) console.log(g.name, g.url);
 */
export async function discover(opts: DiscoverOptions = {}): Promise<DiscoveredGateway[]> {
  const timeout = opts.timeout ?? 3_000;
  if (!Number.isFinite(timeout) || timeout < 0) throw new TypeError(`timeout must be >= 0 ms, not ${opts.timeout}`);
  const watch = watchGateways(() => {}, opts);
  try {
    await watch.ready;
    await new Promise((resolve) => setTimeout(resolve, timeout));
    return watch.gateways;
  } finally {
    await watch.close();
  }
}

/**
 * Watches the LAN: `up` when a gateway appears, `change` when its addresses, port or TXT change
 * (DHCP gave it a new address), `down` when it says goodbye or its records expire.
 *
 * @example
 * const watch = watchGateways((e) => console.log(e.type, e.gateway.name, e.gateway.addresses));
 * await watch.ready;
 * // ... later
 * await watch.close();
 */
export function watchGateways(onEvent: (event: GatewayEvent) => void, opts: WatchOptions = {}): GatewayWatch {
  const iface = opts.interface === undefined ? undefined : interfaceAddress(opts.interface);
  const cache = new MdnsCache(GATEWAY_SERVICE_TYPE);
  // With an interface, multicast-dns would bind the socket to that interface's address, and a
  // socket bound to a unicast address never receives what is sent to the group (the doctor's fix):
  // bind the wildcard and let `interface` choose where to join and send.
  const mdns = makeMdns({ interface: iface, bind: iface && "0.0.0.0", reuseAddr: true, loopback: true });
  let known = new Map<string, DiscoveredGateway>();
  let closed = false;
  let queryTimer: NodeJS.Timeout | undefined;
  let interval = FIRST_INTERVAL_MS;
  let lastMissingQuery = 0;

  const send = (questions: Question[], answers: PtrRecord[] = []) => {
    if (closed || questions.length === 0) return;
    // A failed send (no route while the network is down or being renumbered) is not reported:
    // the next scheduled query tries again, and a watcher must outlive a DHCP renewal.
    mdns.query({ questions, answers: answers.map(toAnswer) } as makeMdns.QueryPacket, () => {});
  };
  const browse = () => {
    send([{ name: GATEWAY_SERVICE_TYPE, type: "PTR" }], cache.knownAnswers(Date.now()));
    queryTimer = setTimeout(browse, interval);
    interval = Math.min(interval * 2, MAX_INTERVAL_MS);
  };
  // A listener that throws must not take the socket's event handler (and the process) down with it.
  const emit = (e: GatewayEvent) => {
    try {
      onEvent(e);
    } catch (err) {
      opts.onError?.(err instanceof Error ? err : new Error(String(err)));
    }
  };
  const publish = () => {
    const next = new Map(cache.gateways().map((g) => [g.name.toLowerCase(), g]));
    const previous = known;
    known = next;
    for (const [key, g] of next) {
      const before = previous.get(key);
      if (!before) emit({ type: "up", gateway: g });
      else if (!sameGateway(before, g)) emit({ type: "change", gateway: g, previous: before });
    }
    for (const [key, g] of previous) if (!next.has(key)) emit({ type: "down", gateway: g });
  };

  // Responders normally send SRV, TXT and addresses along with the PTR; ask only for what is
  // still missing, at most once a second.
  const askMissing = (now: number) => {
    if (now - lastMissingQuery < FIRST_INTERVAL_MS) return;
    const missing = cache.missing();
    if (missing.length === 0) return;
    lastMissingQuery = now;
    send(missing);
  };

  mdns.on("response", (packet, rinfo) => {
    if (closed) return;
    const now = Date.now();
    cache.ingest([...packet.answers, ...(packet.additionals ?? [])].flatMap(toRecord), now, rinfo.address);
    askMissing(now);
    publish();
  });
  // Undecodable packets from other devices are their problem, not ours.
  mdns.on("warning", () => {});

  const tick = setInterval(() => {
    const now = Date.now();
    cache.expire(now);
    send(cache.dueRefresh(now));
    askMissing(now);
    publish();
  }, TICK_MS);
  tick.unref();

  let opened = false;
  const ready = new Promise<void>((resolve, reject) => {
    mdns.once("ready", () => {
      opened = true;
      browse();
      resolve();
    });
    mdns.on("error", (e: Error) => {
      if (opened) return opts.onError?.(e);
      void closeNow();
      reject(new Error(`cannot open the mDNS socket (UDP 5353): ${e.message}`));
    });
  });
  ready.catch(() => {});

  let closing: Promise<void> | undefined;
  function closeNow(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      closed = true;
      clearTimeout(queryTimer);
      clearInterval(tick);
      mdns.destroy(() => resolve());
    });
    return closing;
  }

  return {
    get gateways() {
      return [...known.values()];
    },
    ready,
    close: closeNow,
  };
}

/** An interface name or IPv4 address → the IPv4 address multicast-dns wants. */
function interfaceAddress(nameOrAddress: string): string {
  const all = networkInterfaces();
  for (const [name, infos] of Object.entries(all)) {
    for (const i of infos ?? [])
      if (i.family === "IPv4" && (name === nameOrAddress || i.address === nameOrAddress)) return i.address;
  }
  const names = Object.keys(all).join(", ");
  throw new TypeError(`no IPv4 interface named or addressed ${nameOrAddress}; interfaces here: ${names}`);
}

type PacketAnswer = makeMdns.ResponsePacket["answers"][number];

/** dns-packet's answer → our record, or nothing for types discovery does not use. */
function toRecord(a: PacketAnswer): MdnsRecord[] {
  const base = { name: a.name, ttl: ("ttl" in a ? a.ttl : undefined) ?? 0, flush: ("flush" in a && a.flush) || false };
  switch (a.type) {
    case "PTR":
      return [{ ...base, type: "PTR", target: a.data }];
    case "SRV":
      return [{ ...base, type: "SRV", host: a.data.target, port: a.data.port }];
    case "TXT":
      return [{ ...base, type: "TXT", txt: decodeTxt(a.data) }];
    case "A":
    case "AAAA":
      return [{ ...base, type: a.type, address: a.data }];
    default:
      return [];
  }
}

/** RFC 6763 §6.3-6.4: `key=value` strings; a key without `=` is a boolean attribute; first wins. */
function decodeTxt(data: string | Buffer | Array<string | Buffer>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of Array.isArray(data) ? data : [data]) {
    const s = item.toString();
    const eq = s.indexOf("=");
    const key = (eq < 0 ? s : s.slice(0, eq)).toLowerCase();
    if (key && !(key in out)) out[key] = eq < 0 ? "" : s.slice(eq + 1);
  }
  return out;
}

function toAnswer(r: PtrRecord) {
  return { name: r.name, type: "PTR" as const, ttl: r.ttl, data: r.target };
}
