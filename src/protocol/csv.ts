// [opentt] History as CSV (issue 18.4): the header is the history item's field names (§5 plus the
// [opentt] ready fields), one order per line, RFC 4180 quoting, empty for null.
import type { OrderSummary } from "./wire.js";

export const HISTORY_CSV_FIELDS = [
  "type",
  "name",
  "uuid",
  "orderType",
  "locationName",
  "state",
  "orderStarted",
  "orderLocated",
  "orderPaged",
  "orderCleared",
  "orderClearedReason",
  "timeToSit",
  "deliveryTime",
  "readyTime",
  "readyToDeliveredTime",
] as const satisfies ReadonlyArray<keyof OrderSummary>;

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const HISTORY_CSV_HEADER = `${HISTORY_CSV_FIELDS.join(",")}\r\n`;

export function historyCsvLine(o: OrderSummary): string {
  return `${HISTORY_CSV_FIELDS.map((f) => cell(o[f])).join(",")}\r\n`;
}
