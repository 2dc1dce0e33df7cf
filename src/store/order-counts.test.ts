// The history total from per-hour counts is exactly the number of matching orders, whatever
// happened to the orders before (created, located, retyped, cleared, purged, deleted) and
// wherever a date range starts and ends: on an hour, inside one, in local time of a zone whose
// offset is not whole hours.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseHistoryQuery } from "../domain/history.js";
import type { HistoryQuery, OrderRecord } from "../domain/records.js";
import { formatLocal } from "../protocol/local-time.js";
import type { OrderType } from "../protocol/wire.js";
import { openDatabase, SqliteStore } from "./sqlite-store.js";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);
const HOURS = 8;
const TYPES: OrderType[] = ["ON_PREMISE", "TO_GO"];
const TABLES = ["1", "2", "3"];
const ZONES = ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "Australia/Eucla", "Pacific/Chatham"];

// Instants bunched on and next to hour boundaries, where an off-by-one in the buckets shows.
const instant = fc
  .tuple(
    fc.integer({ min: -1, max: HOURS + 1 }),
    fc.oneof(fc.constantFrom(0, 1, HOUR / 4, HOUR / 2, HOUR - 1), fc.integer({ min: 0, max: HOUR - 1 })),
  )
  .map(([h, ms]) => T0 + h * HOUR + ms);
const type = fc.constantFrom(...TYPES);
const table = fc.constantFrom(...TABLES);
const pick = fc.nat();

const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("insert"), created: instant, type, loc: fc.option(table) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("locate"), pick, loc: table }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("retype"), pick, type }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("clear"), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("purge"), before: instant }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete"), pick }) },
  // The store writes `created` back on every update; the counts follow it should it ever move.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("move"), pick, created: instant }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** A date range as the API takes it: local time in a zone, or none. */
const range = fc.oneof(
  fc.constant({}),
  fc.record({
    createdAfter: fc.option(instant, { nil: undefined }),
    createdBefore: fc.option(instant, { nil: undefined }),
  }),
  fc
    .record({ zone: fc.constantFrom(...ZONES), after: fc.option(instant), before: fc.option(instant) })
    .map(({ zone, after, before }) => {
      const q = parseHistoryQuery(
        {
          ...(after === null ? {} : { created_after: formatLocal(after, zone) }),
          ...(before === null ? {} : { created_before: formatLocal(before, zone) }),
        },
        zone,
      );
      return { createdAfter: q.createdAfter, createdBefore: q.createdBefore };
    }),
);
const filter = fc
  .tuple(range, fc.option(type, { nil: undefined }), fc.option(fc.constantFrom(...TABLES, "9"), { nil: undefined }))
  .map(([r, orderType, locationName]) => ({ ...r, orderType, locationName }));

function apply(store: SqliteStore, o: Op, n: number): void {
  const orders = store.orders;
  if (o.kind === "insert") {
    orders.insert({
      uuid: `u${n}`,
      name: String(n),
      orderType: o.type,
      locationName: o.loc,
      state: o.loc === null ? "started" : "located",
      created: o.created,
      stateChanged: o.created,
      locatedAt: o.loc === null ? null : o.created,
      pagedAt: null,
      clearedAt: null,
      clearedReason: null,
      paged: false,
      version: 1,
    });
    return;
  }
  if (o.kind === "purge") {
    orders.purgeCreatedBefore(o.before);
    return;
  }
  const count = store.db.prepare("SELECT count(*) FROM orders").pluck().get() as number;
  if (count === 0) return;
  const [order] = orders.history({ offset: o.pick % count, limit: 1 }).items as [OrderRecord];
  const next = { ...order, version: order.version + 1 };
  if (o.kind === "locate") Object.assign(next, { state: "located", locationName: o.loc });
  if (o.kind === "retype") next.orderType = o.type;
  if (o.kind === "clear") Object.assign(next, { state: "cleared", clearedAt: order.created, clearedReason: "TRACKER" });
  if (o.kind === "move") next.created = o.created;
  if (o.kind === "delete") store.db.prepare("DELETE FROM orders WHERE id = ?").run(order.id);
  else store.transaction(() => orders.update(next));
}

function expected(store: SqliteStore, f: Omit<HistoryQuery, "offset" | "limit">): number {
  const rows = store.db.prepare("SELECT created, order_type, location_name FROM orders").all() as Array<{
    created: number;
    order_type: string;
    location_name: string | null;
  }>;
  return rows.filter(
    (r) =>
      (f.createdAfter === undefined || r.created >= f.createdAfter) &&
      (f.createdBefore === undefined || r.created < f.createdBefore) &&
      (f.orderType === undefined || r.order_type === f.orderType) &&
      (f.locationName === undefined || r.location_name === f.locationName),
  ).length;
}

const recount = {
  order_counts_type:
    "SELECT created / 3600000 AS hour, order_type, count(*) AS n FROM orders GROUP BY 1, 2 ORDER BY 1, 2",
  order_counts_location: `SELECT location_name, created / 3600000 AS hour, order_type, count(*) AS n FROM orders
    WHERE location_name IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
};

describe("history total from per-hour counts", () => {
  it("equals the number of matching orders after any sequence of changes", () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 80, size: "medium" }),
        fc.array(filter, { minLength: 1, maxLength: 8 }),
        (ops, filters) => {
          const store = new SqliteStore(openDatabase({ dataDir: ":memory:" }));
          try {
            for (const [i, o] of ops.entries()) apply(store, o, i);
            for (const [rollup, sql] of Object.entries(recount)) {
              const keys = rollup === "order_counts_type" ? "hour, order_type" : "location_name, hour, order_type";
              expect(store.db.prepare(`SELECT * FROM ${rollup} ORDER BY ${keys}`).all()).toEqual(
                store.db.prepare(sql).all(),
              );
            }
            for (const f of filters) {
              expect(store.orders.history({ offset: 0, limit: 1, ...f }).total, JSON.stringify(f)).toBe(
                expected(store, f),
              );
            }
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
