// The DNS-SD picture of one service type (RFC 6763), kept as an mDNS record cache with TTLs,
// goodbyes and cache-flush (RFC 6762 §10), and the gateways those records describe. Pure: the
// caller feeds it records and the time, so it is tested without sockets.

export interface DiscoveredGateway {
  /** Instance name as advertised, e.g. `Table Tracker 1A2B3C4D5E6F` (may carry ` (2)` after a conflict). */
  name: string;
  /** The gateway's serial from TXT `serial=`, or undefined when the TXT record did not say. */
  serial?: string;
  /** opentt version from TXT `version=`. */
  version?: string;
  /** mDNS host name the service points at, e.g. `Table-Tracker-1A2B3C4D5E6F.local`. */
  host: string;
  /** IPv4 addresses first, then IPv6; the address that answered comes first in its family. */
  addresses: string[];
  port: number;
  /** Every TXT key=value pair as advertised. */
  txt: Record<string, string>;
  /** `http://<first address>:<port>/`, ready for the SDK client. */
  url: string;
}

export type MdnsRecord =
  | { type: "PTR"; name: string; ttl: number; flush: boolean; target: string }
  | { type: "SRV"; name: string; ttl: number; flush: boolean; host: string; port: number }
  | { type: "TXT"; name: string; ttl: number; flush: boolean; txt: Record<string, string> }
  | { type: "A" | "AAAA"; name: string; ttl: number; flush: boolean; address: string };

export type PtrRecord = Extract<MdnsRecord, { type: "PTR" }>;

export interface Question {
  name: string;
  type: "PTR" | "SRV" | "TXT" | "A" | "AAAA";
}

interface Entry {
  record: MdnsRecord;
  receivedAt: number;
  expiresAt: number;
  /** How many of the 80/85/90/95 % refresh queries (RFC 6762 §5.2) were already asked for. */
  refreshes: number;
  /** The address the answering packet came from: the best guess at which address is reachable. */
  source?: string;
}

/** RFC 6762 §10.2: records of a flushed set received within the last second stay. */
const FLUSH_GRACE_MS = 1_000;
/** RFC 6762 §5.2: a querier refreshes a record it still wants at 80, 85, 90 and 95 % of its TTL. */
const REFRESH_AT = [0.8, 0.85, 0.9, 0.95];

const lower = (name: string) => name.toLowerCase().replace(/\.$/, "");

function valueKey(r: MdnsRecord): string {
  switch (r.type) {
    case "PTR":
      return lower(r.target);
    case "SRV":
      return `${lower(r.host)}:${r.port}`;
    case "TXT":
      return "";
    default:
      return r.address;
  }
}

const setKey = (type: string, name: string) => `${type} ${lower(name)}`;

export class MdnsCache {
  readonly serviceType: string;
  /** Keyed by record set (type + name), then by value. */
  readonly #sets = new Map<string, Map<string, Entry>>();

  /** @param serviceType e.g. `_tracker-http._tcp.local` */
  constructor(serviceType: string) {
    this.serviceType = lower(serviceType);
  }

  /**
   * Takes in the records of one packet (answers and additionals together), keeping only those
   * about this service type and the hosts its instances point at: a busy LAN's other chatter stays out.
   */
  ingest(records: MdnsRecord[], now: number, source?: string): void {
    const hosts = new Set<string>();
    const ours = (r: MdnsRecord) => {
      const name = lower(r.name);
      if (r.type === "PTR") return name === this.serviceType;
      if (r.type === "SRV" || r.type === "TXT") return name.endsWith(`.${this.serviceType}`);
      return hosts.has(name);
    };
    const isAddress = (r: MdnsRecord) => r.type === "A" || r.type === "AAAA";
    this.#store(
      records.filter((r) => !isAddress(r) && ours(r)),
      now,
      source,
    );
    for (const set of this.#sets.values())
      for (const e of set.values()) if (e.record.type === "SRV") hosts.add(lower(e.record.host));
    this.#store(
      records.filter((r) => isAddress(r) && ours(r)),
      now,
      source,
    );
  }

  #store(records: MdnsRecord[], now: number, source: string | undefined): void {
    for (const r of records) {
      const key = setKey(r.type, r.name);
      let set = this.#sets.get(key);
      if (r.ttl === 0) {
        // A goodbye (RFC 6762 §10.1): the record is gone now rather than after the 1 s grace,
        // so a watcher reports the gateway leaving as soon as it says so.
        set?.delete(valueKey(r));
        if (set?.size === 0) this.#sets.delete(key);
        continue;
      }
      if (!set) {
        set = new Map();
        this.#sets.set(key, set);
      } else if (r.flush) {
        for (const [k, e] of set) if (e.receivedAt < now - FLUSH_GRACE_MS) set.delete(k);
      }
      set.set(valueKey(r), { record: r, receivedAt: now, expiresAt: now + r.ttl * 1000, refreshes: 0, source });
    }
  }

  /** Drops records whose TTL ran out. */
  expire(now: number): void {
    for (const [key, set] of this.#sets) {
      for (const [k, e] of set) if (e.expiresAt <= now) set.delete(k);
      if (set.size === 0) this.#sets.delete(key);
    }
  }

  /** Records that reached their next refresh point: ask for them again so they do not lapse. */
  dueRefresh(now: number): Question[] {
    const out = new Map<string, Question>();
    for (const set of this.#sets.values()) {
      for (const e of set.values()) {
        const at = REFRESH_AT[e.refreshes];
        if (at === undefined || now < e.receivedAt + e.record.ttl * 1000 * at) continue;
        while ((REFRESH_AT[e.refreshes] ?? 2) * e.record.ttl * 1000 + e.receivedAt <= now) e.refreshes++;
        const q = { name: e.record.name, type: e.record.type };
        out.set(setKey(q.type, q.name), q);
      }
    }
    return [...out.values()];
  }

  #entries(type: Question["type"], name: string): Entry[] {
    return [...(this.#sets.get(setKey(type, name))?.values() ?? [])];
  }

  /** Instance names (full, e.g. `Table Tracker X._tracker-http._tcp.local`) the PTR records point at. */
  instances(): string[] {
    return this.#entries("PTR", this.serviceType).map((e) => (e.record as { target: string }).target);
  }

  /** PTR answers a querier already holds with more than half their TTL left (RFC 6762 §7.1). */
  knownAnswers(now: number): PtrRecord[] {
    const out: PtrRecord[] = [];
    for (const e of this.#entries("PTR", this.serviceType)) {
      if (e.record.type === "PTR" && e.expiresAt - now > (e.record.ttl * 1000) / 2)
        out.push({ ...e.record, ttl: Math.floor((e.expiresAt - now) / 1000) });
    }
    return out;
  }

  /** What is still missing to describe every instance: SRV/TXT for instances, addresses for hosts. */
  missing(): Question[] {
    const out: Question[] = [];
    for (const instance of this.instances()) {
      const srv = this.#entries("SRV", instance)[0]?.record;
      if (!srv) out.push({ name: instance, type: "SRV" });
      if (this.#entries("TXT", instance).length === 0) out.push({ name: instance, type: "TXT" });
      if (srv?.type === "SRV" && this.#addresses(srv.host).length === 0) {
        out.push({ name: srv.host, type: "A" }, { name: srv.host, type: "AAAA" });
      }
    }
    return out;
  }

  #addresses(host: string): Entry[] {
    return [...this.#entries("A", host), ...this.#entries("AAAA", host)];
  }

  /** Every gateway that can be reached: a PTR, its SRV and at least one address. */
  gateways(): DiscoveredGateway[] {
    const out: DiscoveredGateway[] = [];
    for (const instance of this.instances()) {
      const srvEntry = this.#entries("SRV", instance).sort((a, b) => b.receivedAt - a.receivedAt)[0];
      if (srvEntry?.record.type !== "SRV") continue;
      const { host, port } = srvEntry.record;
      const addrs = this.#addresses(host);
      if (addrs.length === 0) continue;
      const txtRecord = this.#entries("TXT", instance)[0]?.record;
      const txt = txtRecord?.type === "TXT" ? txtRecord.txt : {};
      const addresses = orderAddresses(addrs, srvEntry.source);
      const first = addresses[0] as string;
      out.push({
        name: instanceLabel(instance, this.serviceType),
        serial: txt.serial,
        version: txt.version,
        host: host.replace(/\.$/, ""),
        addresses,
        port,
        txt,
        url: `http://${first.includes(":") ? `[${first}]` : first}:${port}/`,
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** IPv4 before IPv6 (fewer scope surprises); within a family the address that answered first. */
function orderAddresses(entries: Entry[], source: string | undefined): string[] {
  const all = [...new Set(entries.map((e) => (e.record as { address: string }).address))];
  const rank = (a: string) => (a.includes(":") ? 2 : 0) + (a === source ? 0 : 1);
  return all.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, "en", { numeric: true }));
}

/** `Table Tracker X._tracker-http._tcp.local` → `Table Tracker X`, undoing DNS label escapes. */
export function instanceLabel(instance: string, serviceType: string): string {
  const bare = instance.replace(/\.$/, "");
  const label = lower(bare).endsWith(`.${serviceType}`) ? bare.slice(0, -(serviceType.length + 1)) : bare;
  return label.replace(/\\(\d{3}|.)/g, (_, c: string) => (c.length === 3 ? String.fromCharCode(Number(c)) : c));
}

/** Two views of one gateway differ in a way a client cares about. */
export function sameGateway(a: DiscoveredGateway, b: DiscoveredGateway): boolean {
  return (
    a.host === b.host &&
    a.port === b.port &&
    a.addresses.join() === b.addresses.join() &&
    JSON.stringify(a.txt) === JSON.stringify(b.txt)
  );
}
