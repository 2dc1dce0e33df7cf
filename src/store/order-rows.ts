// An orders row as SQLite holds it, and the history filters, shared by the store and the CSV
// export's keyset pages (history-export.ts) without an import cycle between them.
import type { OrderRecord } from "../domain/records.js";
import { fromSqliteRow, type SqliteOrderColumns } from "../protocol/order.js";
import type { CountFilter } from "./order-counts.js";

export type OrderRow = SqliteOrderColumns & { id: number; ready_at: number | null };

export const toOrder = (r: OrderRow): OrderRecord => ({ id: r.id, ...fromSqliteRow(r), readyAt: r.ready_at });

// Typed by the counter's filter: a history filter it does not know would give a page that
// filters and a `total` that does not, so adding one here fails to compile until order-counts.ts
// counts it too.
export const FILTERS = [
  ["createdAfter", "after", "created >= @after"],
  ["createdBefore", "before", "created < @before"],
  ["orderType", "type", "order_type = @type"],
  ["locationName", "loc", "location_name = @loc"],
] as const satisfies ReadonlyArray<readonly [keyof CountFilter, string, string]>;
