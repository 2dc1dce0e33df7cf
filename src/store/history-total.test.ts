// The history total is counted up to HISTORY_TOTAL_CAP (a count walks every matching index
// entry), exactly below it; pages are unaffected by the cap. Active orders load by their index.
import { describe, expect, it } from "vitest";
import { HISTORY_TOTAL_CAP, openDatabase, SqliteStore } from "./sqlite-store.js";

function storeWith(rows: number): SqliteStore {
  const db = openDatabase({ dataDir: ":memory:" });
  const insert = db.prepare(
    `INSERT INTO orders (uuid, name, order_type, location_name, state, created, state_changed, paged, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1)`,
  );
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const state = i === rows - 1 ? "started" : "cleared";
      insert.run(`u-${i}`, String(i + 1), i % 2 ? "TO_GO" : "ON_PREMISE", i % 100 === 0 ? "7" : null, state, i, i);
    }
  })();
  return new SqliteStore(db);
}

describe("history total", () => {
  const rows = HISTORY_TOTAL_CAP + 50;
  const store = storeWith(rows);

  it("is capped when more orders match, and the page still reads past the cap", () => {
    const r = store.orders.history({ offset: HISTORY_TOTAL_CAP + 10, limit: 25 });
    expect(r.total).toBe(HISTORY_TOTAL_CAP);
    expect(r.items).toHaveLength(25);
    expect(r.items[0]?.created).toBe(rows - 1 - (HISTORY_TOTAL_CAP + 10));
  });

  it("is exact below the cap", () => {
    expect(store.orders.history({ offset: 0, limit: 25, locationName: "7" }).total).toBe(Math.ceil(rows / 100));
    expect(store.orders.history({ offset: 0, limit: 25, createdAfter: rows - 30 }).total).toBe(30);
  });

  it("loads only the active orders", () => {
    expect(store.orders.loadActive().map((o) => o.name)).toEqual([String(rows)]);
  });
});
