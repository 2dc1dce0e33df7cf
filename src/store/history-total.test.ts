// The history total counts every matching order (spec §5), however many; pages read past any
// size. Active orders load by their index.
import { describe, expect, it } from "vitest";
import { openDatabase, SqliteStore } from "./sqlite-store.js";

const MANY = 5_050;

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
  const rows = MANY;
  const store = storeWith(rows);

  it("counts every matching order, and pages read deep into the history", () => {
    const r = store.orders.history({ offset: rows - 40, limit: 25 });
    expect(r.total).toBe(rows);
    expect(r.items).toHaveLength(25);
    expect(r.items[0]?.created).toBe(39);
    expect(store.orders.history({ offset: 0, limit: 25, orderType: "TO_GO" }).total).toBe(Math.floor(rows / 2));
  });

  it("is exact for narrow filters too", () => {
    expect(store.orders.history({ offset: 0, limit: 25, locationName: "7" }).total).toBe(Math.ceil(rows / 100));
    expect(store.orders.history({ offset: 0, limit: 25, createdAfter: rows - 30 }).total).toBe(30);
  });

  it("loads only the active orders", () => {
    expect(store.orders.loadActive().map((o) => o.name)).toEqual([String(rows)]);
  });
});
