// Gateway-local timestamps without zone, `YYYY-MM-DDTHH:MM:SS` (spec §0), in a zone that is
// either an IANA name or a fixed UTC offset like `-05:00` (spec §7). Instants are epoch ms.

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const OFFSET_RE = /^([+-])(\d{2}):(\d{2})$/;
const QUARTER_HOUR = 15 * 60 * 1000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

function fixedOffsetMs(zone: string): number | undefined {
  const m = OFFSET_RE.exec(zone);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return undefined;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

function formatter(zone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(zone);
  if (f) return f;
  try {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
  } catch {
    return undefined;
  }
  formatters.set(zone, f);
  return f;
}

/** True for an IANA zone name this runtime knows, or a UTC offset from -14:00 to +14:00. */
export function isValidZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) return false;
  if (fixedOffsetMs(zone) !== undefined) return true;
  if (/^[+-]/.test(zone)) return false;
  return formatter(zone) !== undefined;
}

function ianaOffsetMs(ms: number, zone: string): number {
  const f = formatter(zone);
  if (!f) throw new RangeError(`Unknown time zone ${zone}`);
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** Offset of the zone from UTC at instant ms. Cached per quarter hour: zones move only on those. */
export function zoneOffsetMs(ms: number, zone: string): number {
  const fixed = fixedOffsetMs(zone);
  if (fixed !== undefined) return fixed;
  let cache = offsetCache.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(zone, cache);
  }
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let off = cache.get(bucket);
  if (off === undefined) {
    off = ianaOffsetMs(bucket * QUARTER_HOUR, zone);
    if (cache.size > 10_000) cache.clear();
    cache.set(bucket, off);
  }
  return off;
}

/**
 * Every order is formatted again on every poll and snapshot, so finished strings are kept per
 * zone (an instant's local time never changes): a lookup instead of a Date and toISOString.
 */
const FORMAT_CACHE_MAX = 4096;
const formatted = new Map<string, Map<number, string>>();

export function formatLocal(ms: number, zone: string): string {
  let cache = formatted.get(zone);
  if (!cache) {
    cache = new Map();
    formatted.set(zone, cache);
  }
  let text = cache.get(ms);
  if (text === undefined) {
    text = new Date(ms + zoneOffsetMs(ms, zone)).toISOString().slice(0, 19);
    if (cache.size >= FORMAT_CACHE_MAX) cache.clear();
    cache.set(ms, text);
  }
  return text;
}

/** Parse a local timestamp strictly (real calendar date, 24 h clock); undefined if malformed. */
export function parseLocal(text: unknown, zone: string): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = LOCAL_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(wall).getUTCDate() !== d) return undefined; // 2024-02-30 and the like
  // The offset at the instant depends on the instant: two passes settle DST edges.
  let guess = wall - zoneOffsetMs(wall, zone);
  guess = wall - zoneOffsetMs(guess, zone);
  return guess;
}

/** Start of the local calendar day containing ms (for "today" in statistics, §6). */
export function startOfLocalDay(ms: number, zone: string): number {
  const local = formatLocal(ms, zone).slice(0, 10);
  return parseLocal(`${local}T00:00:00`, zone) ?? ms;
}

export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
