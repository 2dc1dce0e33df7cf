// Gateway-local timestamps (spec §0: `YYYY-MM-DDTHH:MM:SS`, no zone) as plain numbers. The
// dashboard never converts them to the browser's zone: it reads them as if they were UTC, so
// arithmetic and display stay in the gateway's own wall-clock time wherever the browser is.
import { clock, dateTime } from "../i18n/index.js";

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** Milliseconds of a gateway-local timestamp on a zone-free (UTC) axis; NaN if malformed. */
export function parseLocal(s: string): number {
  const m = LOCAL.exec(s);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, se);
}

/** The inverse of parseLocal. */
export function formatLocal(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** `YYYY-MM-DD` of a zone-free instant, for <input type=date>. */
export function dateOnly(ms: number): string {
  return formatLocal(ms).slice(0, 10);
}

/** Start of the day after `YYYY-MM-DD`, as a local timestamp: the exclusive end of a date range. */
export function dayAfter(date: string): string {
  return formatLocal(parseLocal(`${date}T00:00:00`) + 86_400_000);
}

/** `4:05`, `1:02:09` (i18n clock): elapsed and delivery times read at a glance; a dash when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  return clock(seconds);
}

/** `2026-11-29T12:05:09` → `Nov 29, 12:05 PM` / `29 nov, 12:05`, for the screen's locale; empty for null. */
export function shortDateTime(s: string | null): string {
  if (!s) return "";
  const ms = parseLocal(s);
  return Number.isNaN(ms) ? s : dateTime(ms, "short");
}

/** `--digits` for a number's CSS: its size shrinks with its length so it fits its box (board.css). */
export function digits(name: string): string {
  return `--digits: ${Math.max(1, name.length)}`;
}
