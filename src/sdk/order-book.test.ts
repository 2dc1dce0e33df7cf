// The order book's rules: snapshot replaces, deltas apply in seq order, a clear removes, a
// duplicate is ignored, a skipped seq (or a delta before any snapshot) asks for a resync.
import { describe, expect, it } from "vitest";
import type { ActiveOrder, OrderEventFrame } from "../protocol/wire.js";
import { isServerFrame, OrderBook } from "./order-book.js";

const order = (name: string, over: Partial<ActiveOrder> = {}): ActiveOrder => ({
  name,
  uuid: `00000000-0000-4000-8000-${name.padStart(12, "0")}`,
  orderType: "TO_GO",
  locationName: "",
  state: "started",
  created: "2026-01-01T12:00:00",
  stateChanged: "2026-01-01T12:00:00",
  paged: false,
  elapsedTime: 0,
  ...over,
});
const ev = (type: OrderEventFrame["type"], seq: number, o: ActiveOrder): OrderEventFrame => ({ type, seq, ...o });

describe("OrderBook", () => {
  it("applies a snapshot then deltas in order", () => {
    const b = new OrderBook();
    b.apply({ type: "ACTIVE_ORDERS", seq: 10, count: 1, items: [order("1")] });
    expect(b.apply(ev("ORDER_CREATED", 11, order("2"))).kind).toBe("event");
    expect(b.apply(ev("ORDER_MODIFIED", 12, order("1", { state: "located", locationName: "5" }))).kind).toBe("event");
    expect(b.list().map((o) => [o.name, o.locationName])).toEqual([
      ["1", "5"],
      ["2", ""],
    ]);
    expect(b.apply(ev("ORDER_MODIFIED", 13, order("1", { state: "cleared" }))).kind).toBe("event");
    expect(b.list().map((o) => o.name)).toEqual(["2"]);
    expect(b.seq).toBe(13);
  });

  it("ignores duplicates and reports gaps without applying them", () => {
    const b = new OrderBook();
    expect(b.apply(ev("ORDER_CREATED", 1, order("9")))).toMatchObject({ kind: "gap" });
    b.apply({ type: "ACTIVE_ORDERS", seq: 5, count: 0, items: [] });
    expect(b.apply(ev("ORDER_CREATED", 5, order("3"))).kind).toBe("stale");
    expect(b.apply(ev("ORDER_CREATED", 7, order("4")))).toEqual({ kind: "gap", expected: 6, received: 7 });
    expect(b.list()).toEqual([]);
    expect(b.seq).toBe(5);
    b.apply({ type: "ACTIVE_ORDERS", seq: 7, count: 1, items: [order("4")] });
    expect(b.list().map((o) => o.name)).toEqual(["4"]);
  });

  it("tells data frames from error envelopes", () => {
    expect(isServerFrame({ type: "ACTIVE_ORDERS", seq: 1, count: 0, items: [] })).toBe(true);
    expect(isServerFrame(ev("ORDER_PAGED", 2, order("1")))).toBe(true);
    expect(isServerFrame({ status: 401, returnCode: -2, message: "x" })).toBe(false);
    expect(isServerFrame({ type: "SOMETHING_NEW", seq: 3 })).toBe(false);
  });
});
