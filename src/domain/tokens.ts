// Access tokens and the button window (spec §9). A token is 24 bytes from a CSPRNG shown once
// as 48 hex characters; only its SHA-256 is kept, and lookups compare hashes in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { formatLocal } from "../protocol/local-time.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { IssuedToken, TokenInfo } from "../protocol/wire.js";
import type { Clock } from "./clock.js";
import type { EventBus } from "./events.js";
import type { Store } from "./ports.js";
import type { TokenRecord } from "./records.js";

export const TOKEN_WINDOW_SECONDS = 120;
const TOKEN_NAME_RE = /^[A-Za-z0-9._-]{1,64}$/;
const TOKEN_RE = /^[0-9a-f]{48}$/;
/** last_used is kept in memory at once and written to disk at most this often. */
const TOUCH_FLUSH_MS = 5_000;

export function hashToken(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

/** Parses an Authorization header value: -2 when absent, -1 when malformed (spec §0). */
export function bearerSecret(header: string | string[] | undefined): string {
  if (header === undefined) throw new TrackerError("INVALID_TOKEN");
  if (Array.isArray(header)) throw new TrackerError("MALFORMED_AUTH_HEADER", "Send exactly one Authorization header");
  const m = /^Bearer ([^\s]*)$/i.exec(header.trim());
  const secret = m?.[1];
  if (!secret || !TOKEN_RE.test(secret)) throw new TrackerError("MALFORMED_AUTH_HEADER");
  return secret;
}

export interface TokenServiceDeps {
  store: Store;
  clock: Clock;
  events: EventBus;
  random?: (n: number) => Buffer;
  /** Told of every minted token, so staff can spot a stranger's (spec §9, threat model). */
  onMint?: (info: { name: string; ip: string | null; via: "button" | "token" }) => void;
}

export class TokenService {
  readonly #deps: TokenServiceDeps;
  readonly #byName = new Map<string, TokenRecord>();
  readonly #dirty = new Set<string>();
  readonly #proven = new WeakMap<object, { header: Buffer; rec: TokenRecord }>();
  #windowUntil = 0;
  #lastFlush = 0;

  constructor(deps: TokenServiceDeps) {
    this.#deps = deps;
    for (const t of deps.store.tokens.loadAll()) this.#byName.set(t.name, t);
  }

  /** The physical button: opens (or reopens) the 120 s window on the gateway clock. */
  pressButton(): void {
    this.#windowUntil = this.#deps.clock.now() + TOKEN_WINDOW_SECONDS * 1000;
  }

  /** Seconds left in the window; 0 when closed. */
  windowRemaining(): number {
    return Math.max(0, Math.ceil((this.#windowUntil - this.#deps.clock.now()) / 1000));
  }

  /** GET /accesstoken/generate: only while the window is open. */
  generate(name: unknown, ip: string | null, zone: string): IssuedToken {
    if (this.#deps.clock.now() >= this.#windowUntil) throw new TrackerError("TOKEN_WINDOW_CLOSED");
    return this.#mint(name === undefined || name === "" ? this.#unusedDefaultName() : name, ip, zone, "button");
  }

  /**
   * [opentt] An unnamed request is named `default` (spec §9), or `default-2`, `default-3` … when
   * that is taken: enrolling a second device by the vendor quickstart's plain call must not fail
   * with "name exists". An explicitly named duplicate is still 409/-4.
   */
  #unusedDefaultName(): string {
    let name = "default";
    for (let n = 2; this.#byName.has(name); n++) name = `default-${n}`;
    return name;
  }

  /** POST /accesstoken: a token holder enrolls another device. */
  create(name: unknown, ip: string | null, zone: string): IssuedToken {
    return this.#mint(name, ip, zone, "token");
  }

  revoke(name: string): void {
    if (!this.#byName.has(name)) {
      throw new TrackerError(
        "INVALID_TOKEN_NAME",
        `No token is named ${JSON.stringify(name)}: see GET /api/v2/accesstoken`,
      );
    }
    this.#deps.store.tokens.delete(name);
    this.#byName.delete(name);
    this.#dirty.delete(name);
    this.#deps.events.emit("tokenRevoked", { name });
  }

  list(zone: string): TokenInfo[] {
    return [...this.#byName.values()].map((t) => ({
      name: t.name,
      creation_date: formatLocal(t.created, zone),
      last_used: t.lastUsed === null ? null : formatLocal(t.lastUsed, zone),
      ip_address: t.ipAddress,
    }));
  }

  /**
   * Checks a header; returns the token's name and records its use. Given the connection it came
   * on, the token it proves is kept for that connection, so the same header on the next request
   * of a keep-alive client costs a comparison instead of a hash. The comparison is constant-time
   * too: behind a proxy that pools connections, one socket may carry several clients' headers.
   */
  authenticate(header: string | string[] | undefined, ip: string | null, connection?: object): string {
    const kept = connection === undefined ? undefined : this.#proven.get(connection);
    let rec: TokenRecord | undefined;
    // A revoked token is no longer in #byName; a re-minted name is another record.
    if (kept && sameHeader(kept.header, header) && this.#byName.get(kept.rec.name) === kept.rec) rec = kept.rec;
    else {
      rec = this.verify(bearerSecret(header));
      if (!rec) throw new TrackerError("INVALID_TOKEN");
      if (connection !== undefined) this.#proven.set(connection, { header: Buffer.from(header as string), rec });
    }
    rec.lastUsed = this.#deps.clock.now();
    rec.ipAddress = ip;
    this.#dirty.add(rec.name);
    if (rec.lastUsed - this.#lastFlush > TOUCH_FLUSH_MS) {
      // last_used is bookkeeping: a full or locked disk must not refuse a valid token. The
      // entries stay dirty and the maintenance loop retries (and logs) the write.
      try {
        this.flush();
      } catch {}
    }
    return rec.name;
  }

  /** The record whose hash matches, compared in constant time; undefined if none. */
  verify(secret: string): TokenRecord | undefined {
    if (!TOKEN_RE.test(secret)) return undefined;
    const h = hashToken(secret);
    let found: TokenRecord | undefined;
    // Walk every token so the time taken does not depend on which one matched.
    for (const t of this.#byName.values()) if (timingSafeEqual(t.hash, h)) found = t;
    return found;
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** Writes pending last_used/ip_address updates; on failure they stay pending and it throws. */
  flush(): void {
    this.#lastFlush = this.#deps.clock.now();
    if (this.#dirty.size === 0) return;
    const names = [...this.#dirty];
    const entries = names.flatMap((name) => {
      const t = this.#byName.get(name);
      return t && t.lastUsed !== null ? [{ name, lastUsed: t.lastUsed, ipAddress: t.ipAddress ?? "" }] : [];
    });
    this.#deps.store.tokens.touch(entries);
    for (const name of names) this.#dirty.delete(name);
  }

  #mint(name: unknown, ip: string | null, zone: string, via: "button" | "token"): IssuedToken {
    if (typeof name !== "string" || !TOKEN_NAME_RE.test(name)) throw new TrackerError("INVALID_TOKEN_NAME");
    if (this.#byName.has(name)) throw new TrackerError("DUPLICATE_TOKEN_NAME");
    const secret = (this.#deps.random ?? randomBytes)(24).toString("hex");
    const rec: TokenRecord = {
      name,
      hash: hashToken(secret),
      created: this.#deps.clock.now(),
      lastUsed: null,
      ipAddress: null,
    };
    this.#deps.store.tokens.insert(rec);
    this.#byName.set(name, rec);
    this.#deps.onMint?.({ name, ip, via });
    return { name, token: secret, creation_date: formatLocal(rec.created, zone), last_used: null, ip_address: null };
  }
}

/** Whether a header is exactly the kept one, in time that does not depend on where they differ. */
function sameHeader(kept: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== "string") return false;
  const b = Buffer.from(header);
  return b.length === kept.length && timingSafeEqual(b, kept);
}
