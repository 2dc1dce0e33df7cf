// The active-order state machine (spec §2) with a hand-moved clock: create, modify, the 1009 /
// 1010 no-ops, locate, clear reasons, seq numbering and what survives a restart.
import { describe, expect, it } from "vitest";
import { domainKit, expectCode } from "../../test/helpers/domain.js";
import { toActiveOrder } from "../protocol/order.js";

const byName = (name: string) => ({ by: "name" as const, name });

describe("creating orders", () => {
  it("a POST without locationName creates a started order, numbered seq 1", () => {
    const k = domainKit();
    const { result, order } = k.orders.upsert({ name: "12", orderType: "TO_GO" });
    expect(result).toBe("ORDER_CREATED");
    expect(order).toMatchObject({ name: "12", orderType: "TO_GO", state: "started", locationName: null, paged: false });
    expect(order.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(k.seen.map((e) => [e.type, e.seq])).toEqual([["ORDER_CREATED", 1]]);
    expect(k.orders.seq).toBe(1);
  });

  it("an order can be born located", () => {
    const k = domainKit();
    const { order } = k.orders.upsert({ name: "7", orderType: "ON_PREMISE", locationName: "31" });
    expect(order).toMatchObject({ state: "located", locationName: "31", locatedAt: k.clock.now() });
  });

  it("creating without orderType is -11 and changes nothing", () => {
    const k = domainKit();
    expectCode(() => k.orders.upsert({ name: "12" }), "NO_ORDER_TYPE");
    expect(k.orders.count).toBe(0);
    expect(k.seen).toEqual([]);
  });

  it("a uuid is minted per order and finds it", () => {
    const k = domainKit();
    const a = k.orders.upsert({ name: "1", orderType: "TO_GO" }).order;
    const b = k.orders.upsert({ name: "2", orderType: "TO_GO" }).order;
    expect(a.uuid).not.toBe(b.uuid);
    expect(k.orders.get({ by: "uuid", uuid: b.uuid }).name).toBe("2");
    expectCode(() => k.orders.get(byName("3")), "ORDER_NOT_FOUND");
  });
});

describe("modifying orders (POST with an active name)", () => {
  it("a new type is ORDER_MODIFIED; the same type is 1009 while started", () => {
    const k = domainKit();
    k.orders.upsert({ name: "5", orderType: "TO_GO" });
    expect(k.orders.upsert({ name: "5", orderType: "ON_PREMISE" }).result).toBe("ORDER_MODIFIED");
    expect(k.orders.get(byName("5")).orderType).toBe("ON_PREMISE");
    expect(k.orders.upsert({ name: "5", orderType: "ON_PREMISE" }).result).toBe("ORDER_ALREADY_STARTED");
    expect(k.orders.upsert({ name: "5" }).result).toBe("ORDER_ALREADY_STARTED");
    expect(k.seen.map((e) => e.type)).toEqual(["ORDER_CREATED", "ORDER_MODIFIED"]);
  });

  it("locating a started order moves it to located; the same table again is 1010", () => {
    const k = domainKit();
    k.orders.upsert({ name: "5", orderType: "TO_GO" });
    k.clock.advance(30_000);
    const { result, order } = k.orders.upsert({ name: "5", locationName: "8" });
    expect(result).toBe("ORDER_MODIFIED");
    expect(order).toMatchObject({ state: "located", locationName: "8", stateChanged: k.clock.now() });
    expect(k.orders.upsert({ name: "5", locationName: "8" }).result).toBe("ORDER_ALREADY_LOCATED");
    expect(k.orders.upsert({ name: "5", orderType: "TO_GO" }).result).toBe("ORDER_ALREADY_LOCATED");
  });

  it("a located order can change table; locatedAt keeps the first time", () => {
    const k = domainKit();
    const first = k.orders.upsert({ name: "5", orderType: "TO_GO", locationName: "8" }).order.locatedAt;
    k.clock.advance(60_000);
    const { result, order } = k.orders.upsert({ name: "5", locationName: "9" });
    expect(result).toBe("ORDER_MODIFIED");
    expect(order.locationName).toBe("9");
    expect(order.locatedAt).toBe(first);
  });

  it("every change carries the next seq", () => {
    const k = domainKit();
    k.orders.upsert({ name: "1", orderType: "TO_GO" });
    k.orders.upsert({ name: "1", locationName: "4" });
    k.orders.upsert({ name: "2", orderType: "TO_GO" });
    k.orders.clear(byName("1"), "MANAGER_OVERRIDE");
    expect(k.seen.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });
});

describe("clearing", () => {
  it("DELETE one clears with MANAGER_OVERRIDE and the order leaves the active list", () => {
    const k = domainKit();
    k.orders.upsert({ name: "3", orderType: "TO_GO" });
    k.clock.advance(5_000);
    const o = k.orders.clear(byName("3"), "MANAGER_OVERRIDE");
    expect(o).toMatchObject({ state: "cleared", clearedReason: "MANAGER_OVERRIDE", clearedAt: k.clock.now() });
    expect(k.orders.list()).toEqual([]);
    expect(k.seen.at(-1)).toMatchObject({ type: "ORDER_MODIFIED", order: { state: "cleared" } });
    expectCode(() => k.orders.clear(byName("3"), "MANAGER_OVERRIDE"), "ORDER_NOT_FOUND");
  });

  it("a cleared name can start a new order with a new uuid; history keeps both", () => {
    const k = domainKit();
    const a = k.orders.upsert({ name: "3", orderType: "TO_GO" }).order;
    k.orders.clear(byName("3"), "MANAGER_OVERRIDE");
    const b = k.orders.upsert({ name: "3", orderType: "TO_GO" });
    expect(b.result).toBe("ORDER_CREATED");
    expect(b.order.uuid).not.toBe(a.uuid);
    expect(k.store.orders.history({ offset: 0, limit: 10 }).total).toBe(2);
  });

  it("clear-all sends one ORDER_MODIFIED per order, each with its own seq", () => {
    const k = domainKit();
    for (const n of ["1", "2", "3"]) k.orders.upsert({ name: n, orderType: "TO_GO" });
    expect(k.orders.clearAll("MANAGER_OVERRIDE")).toBe(3);
    const clears = k.seen.slice(3);
    expect(clears.map((e) => [e.type, e.seq, e.order.name, e.order.state])).toEqual([
      ["ORDER_MODIFIED", 4, "1", "cleared"],
      ["ORDER_MODIFIED", 5, "2", "cleared"],
      ["ORDER_MODIFIED", 6, "3", "cleared"],
    ]);
    expect(k.orders.clearAll("MANAGER_OVERRIDE")).toBe(0);
  });

  it("a listener that throws does not undo the change or starve other listeners", () => {
    const k = domainKit();
    k.events.on("order", () => {
      throw new Error("boom");
    });
    const later: number[] = [];
    k.events.on("order", (e) => later.push(e.seq));
    k.orders.upsert({ name: "1", orderType: "TO_GO" });
    expect(k.orders.count).toBe(1);
    expect(later).toEqual([1]);
  });
});

describe("the view of an order", () => {
  it("elapsedTime counts whole seconds since created; locationName is '' until located", () => {
    const k = domainKit();
    const o = k.orders.upsert({ name: "4", orderType: "TO_GO" }).order;
    k.clock.advance(90_900);
    const v = toActiveOrder(o, k.clock.now(), "UTC");
    expect(v).toMatchObject({ name: "4", locationName: "", elapsedTime: 90, created: "2026-01-15T12:00:00" });
    expect(Object.keys(v).sort()).toEqual(
      ["created", "elapsedTime", "locationName", "name", "orderType", "paged", "state", "stateChanged", "uuid"].sort(),
    );
  });
});

describe("restart", () => {
  it("active orders and seq come back from the store", () => {
    const k = domainKit();
    k.orders.upsert({ name: "1", orderType: "TO_GO" });
    k.orders.upsert({ name: "2", orderType: "ON_PREMISE", locationName: "6" });
    k.orders.clear(byName("1"), "MANAGER_OVERRIDE");
    const again = domainKit({ store: k.store, clock: k.clock });
    expect(again.orders.seq).toBe(3);
    expect(again.orders.list().map((o) => [o.name, o.state, o.locationName])).toEqual([["2", "located", "6"]]);
    again.orders.upsert({ name: "3", orderType: "TO_GO" });
    expect(again.seen[0]?.seq).toBe(4);
  });
});
