// Per-hour order counts, so the history `total` (spec §5: all matching, exact) costs O(hours)
// instead of a walk over every matching index entry (~40 ms for 500,000 TO_GO orders).
//
// Two rollups, each sized by what one filter has to sum: per (hour, type) for totals without a
// table filter (all types: 2 rows an hour), per (table, hour, type) for totals with one (a
// table's hours are adjacent in its key). A single (hour, type, table) table would make a
// type-only total sum every table of every hour: ~31,000 rows over 13 days of 100 tables.
// Never-located orders (location_name NULL) only go in the first: no table filter matches them.
//
// SQLite triggers keep both in step with `orders`, inside the statement that changes an order:
// the order's own transaction, whoever writes it (the store, retention purge, a test's raw SQL).
// This DDL shipped as migration step 3: change it only through a new step.
import type Database from "better-sqlite3";

const HOUR_MS = 3_600_000;

// Truncation is floor for the non-negative instants a clock gives, and exact for fractional ms.
const hourOf = (created: string) => `CAST(${created} AS INTEGER) / ${HOUR_MS}`;

function add(row: "new"): string {
  return `
    INSERT INTO order_counts_type (hour, order_type, n) VALUES (${hourOf(`${row}.created`)}, ${row}.order_type, 1)
      ON CONFLICT (hour, order_type) DO UPDATE SET n = n + 1;`;
}

function addLocation(row: "new"): string {
  return `
    INSERT INTO order_counts_location (location_name, hour, order_type, n)
      SELECT ${row}.location_name, ${hourOf(`${row}.created`)}, ${row}.order_type, 1 WHERE ${row}.location_name IS NOT NULL
      ON CONFLICT (location_name, hour, order_type) DO UPDATE SET n = n + 1;`;
}

// Empty buckets are deleted so the rollups only hold hours that still have orders after a purge.
function remove(row: "old"): string {
  const key = `hour = ${hourOf(`${row}.created`)} AND order_type = ${row}.order_type`;
  return `
    UPDATE order_counts_type SET n = n - 1 WHERE ${key};
    DELETE FROM order_counts_type WHERE ${key} AND n = 0;`;
}

function removeLocation(row: "old"): string {
  // A NULL location matches no row: nothing to take away.
  const key = `location_name = ${row}.location_name AND hour = ${hourOf(`${row}.created`)} AND order_type = ${row}.order_type`;
  return `
    UPDATE order_counts_location SET n = n - 1 WHERE ${key};
    DELETE FROM order_counts_location WHERE ${key} AND n = 0;`;
}

const changed = (cols: string[]) => cols.map((c) => `old.${c} IS NOT new.${c}`).join(" OR ");

export const ORDER_COUNTS_SCHEMA = `
  CREATE TABLE order_counts_type (
    hour INTEGER NOT NULL,
    order_type TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (hour, order_type)
  ) WITHOUT ROWID;
  CREATE TABLE order_counts_location (
    location_name TEXT NOT NULL,
    hour INTEGER NOT NULL,
    order_type TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (location_name, hour, order_type)
  ) WITHOUT ROWID;
  CREATE TRIGGER order_counts_insert AFTER INSERT ON orders BEGIN ${add("new")} ${addLocation("new")} END;
  CREATE TRIGGER order_counts_delete AFTER DELETE ON orders BEGIN ${remove("old")} ${removeLocation("old")} END;
  CREATE TRIGGER order_counts_update_type AFTER UPDATE OF created, order_type ON orders
    WHEN ${changed(["created", "order_type"])}
    BEGIN ${remove("old")} ${add("new")} END;
  CREATE TRIGGER order_counts_update_location AFTER UPDATE OF created, order_type, location_name ON orders
    WHEN ${changed(["created", "order_type", "location_name"])}
    BEGIN ${removeLocation("old")} ${addLocation("new")} END;
`;

/**
 * Recounts both rollups from `orders`: for migration step 3, and for bulk loads that drop the
 * triggers while they insert (bench/lib/seed.ts). ~1 s per 250,000 orders on the bench VM, once.
 * The planner would read the table rollup's rows through orders_location_created, a row lookup
 * per order for its type: a plain scan sorts the same rows in about half the time.
 */
export function backfillOrderCounts(db: Database.Database): void {
  const hour = hourOf("created");
  db.transaction(() => {
    db.exec(`
      DELETE FROM order_counts_type;
      DELETE FROM order_counts_location;
      INSERT INTO order_counts_type (hour, order_type, n)
        SELECT ${hour}, order_type, count(*) FROM orders GROUP BY 1, 2;
      INSERT INTO order_counts_location (location_name, hour, order_type, n)
        SELECT location_name, ${hour}, order_type, count(*) FROM orders NOT INDEXED
        WHERE location_name IS NOT NULL GROUP BY 1, 2, 3;
    `);
  })();
}

export interface CountFilter {
  createdAfter?: number;
  createdBefore?: number;
  orderType?: string;
  locationName?: string;
}

/**
 * Counts the orders a history filter matches, exactly what `count(*)` would give: whole hours
 * from the rollups, and the partial hours at the edges of a date range (or a range shorter than
 * an hour) by walking the filter's index over at most an hour at each end.
 */
export function orderCounter(db: Database.Database): (f: CountFilter) => number {
  const cache = new Map<string, [sum: Database.Statement, walk: Database.Statement]>();
  const statements = (f: CountFilter) => {
    const key = `${f.orderType !== undefined}/${f.locationName !== undefined}`;
    let s = cache.get(key);
    if (!s) {
      const type = f.orderType !== undefined ? " AND order_type = @type" : "";
      const loc = f.locationName !== undefined ? " AND location_name = @loc" : "";
      const rollup = loc ? "order_counts_location" : "order_counts_type";
      s = [
        db.prepare(`SELECT coalesce(sum(n), 0) FROM ${rollup} WHERE hour >= @h0 AND hour < @h1${loc}${type}`).pluck(),
        db.prepare(`SELECT count(*) FROM orders WHERE created >= @from AND created < @to${type}${loc}`).pluck(),
      ];
      cache.set(key, s);
    }
    return s;
  };
  return (f) => {
    const [sum, walk] = statements(f);
    const args: Record<string, string> = {};
    if (f.orderType !== undefined) args.type = f.orderType;
    if (f.locationName !== undefined) args.loc = f.locationName;
    const from = f.createdAfter ?? Number.NEGATIVE_INFINITY;
    const to = f.createdBefore ?? Number.POSITIVE_INFINITY;
    // Whole hours [h0, h1) lie inside [from, to); what is left at each end is under an hour.
    const h0 = f.createdAfter === undefined ? Number.MIN_SAFE_INTEGER : Math.ceil(f.createdAfter / HOUR_MS);
    const h1 = f.createdBefore === undefined ? Number.MAX_SAFE_INTEGER : Math.floor(f.createdBefore / HOUR_MS);
    if (h0 >= h1) return walk.get({ ...args, from, to }) as number;
    let n = sum.get({ ...args, h0, h1 }) as number;
    if (f.createdAfter !== undefined) n += walk.get({ ...args, from, to: h0 * HOUR_MS }) as number;
    if (f.createdBefore !== undefined) n += walk.get({ ...args, from: h1 * HOUR_MS, to }) as number;
    return n;
  };
}
