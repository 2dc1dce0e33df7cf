// Paging (spec §2) and the floor's events: -14 for a tracker never seen, -13 with the radio
// down, 60 s pages that end on the clock, tracking pages that last until docked or canceled.
import { describe, expect, it } from "vitest";
import { domainKit, expectCode } from "../../test/helpers/domain.js";
import { applyFloorEvent } from "./floor.js";

const byName = (name: string) => ({ by: "name" as const, name });

function withTracker(name = "12") {
  const k = domainKit();
  k.orders.upsert({ name, orderType: "TO_GO" });
  k.trackers.report(name, "docked");
  return k;
}

describe("paging an order", () => {
  it("is -14 when the gateway has never seen the order's tracker", () => {
    const k = domainKit();
    k.orders.upsert({ name: "12", orderType: "TO_GO" });
    expectCode(() => k.orders.page(byName("12"), true), "PAGING_IMPOSSIBLE");
    expect(k.orders.get(byName("12")).paged).toBe(false);
  });

  it("is -13 when the radio is down", () => {
    const k = withTracker();
    k.radio.online = false;
    expectCode(() => k.orders.page(byName("12"), true), "PAGING_UNAVAILABLE");
  });

  it("a docked tracker can be paged: paged becomes true and ORDER_PAGED is emitted", () => {
    const k = withTracker();
    const o = k.orders.page(byName("12"), false);
    expect(o).toMatchObject({ paged: true, pagedAt: k.clock.now() });
    expect(k.radio.calls).toEqual([["12", true]]);
    expect(k.seen.at(-1)).toMatchObject({ type: "ORDER_PAGED", seq: 2 });
  });

  it("a second page keeps the first pagedAt", () => {
    const k = withTracker();
    const first = k.orders.page(byName("12"), false).pagedAt;
    k.clock.advance(10_000);
    expect(k.orders.page(byName("12"), false).pagedAt).toBe(first);
  });

  it("a page of an unknown order is -6", () => {
    const k = domainKit();
    expectCode(() => k.orders.page(byName("99"), true), "ORDER_NOT_FOUND");
  });
});

describe("how long a tracker vibrates", () => {
  it("without tracking, for 60 s of the gateway clock", () => {
    const k = withTracker();
    k.orders.page(byName("12"), false);
    k.clock.advance(59_999);
    expect(k.trackers.expirePaging()).toBe(0);
    expect(k.trackers.isPaging(k.trackers.get("12")!)).toBe(true);
    k.clock.advance(1);
    expect(k.trackers.expirePaging()).toBe(1);
    expect(k.radio.calls.at(-1)).toEqual(["12", false]);
    // The page is over, so there is nothing to cancel (1003).
    expect(k.orders.unpage(byName("12"))).toBe(false);
  });

  it("with tracking, until canceled: unpage reports true once (1002), then false (1003)", () => {
    const k = withTracker();
    k.orders.page(byName("12"), true);
    k.clock.advance(24 * 3600_000);
    expect(k.trackers.expirePaging()).toBe(0);
    expect(k.orders.unpage(byName("12"))).toBe(true);
    expect(k.orders.unpage(byName("12"))).toBe(false);
  });

  it("with tracking, until the tracker is docked (which clears the order, reason TRACKER)", () => {
    const k = withTracker();
    k.orders.page(byName("12"), true);
    applyFloorEvent({ kind: "docked", tracker: "12" }, k.orders, k.trackers);
    expect(k.trackers.isPaging(k.trackers.get("12")!)).toBe(false);
    expect(k.seen.at(-1)?.order).toMatchObject({ state: "cleared", clearedReason: "TRACKER" });
  });

  it("clearing the order stops its page", () => {
    const k = withTracker();
    k.orders.page(byName("12"), true);
    k.orders.clear(byName("12"), "MANAGER_OVERRIDE");
    expect(k.trackers.isPaging(k.trackers.get("12")!)).toBe(false);
  });

  it("unpage of an order that was never paged is false (1003)", () => {
    const k = withTracker();
    expect(k.orders.unpage(byName("12"))).toBe(false);
  });
});

describe("events from the floor", () => {
  it("a tracker tapped at the starter unit starts an ON_PREMISE order of its number", () => {
    const k = domainKit();
    applyFloorEvent({ kind: "started", tracker: "40" }, k.orders, k.trackers);
    expect(k.orders.get(byName("40"))).toMatchObject({ state: "started", orderType: "ON_PREMISE" });
    expect(k.trackers.get("40")?.status).toBe("started");
  });

  it("a tracker reading a table tag locates its order (or starts one born located)", () => {
    const k = domainKit();
    applyFloorEvent({ kind: "started", tracker: "40" }, k.orders, k.trackers);
    applyFloorEvent({ kind: "located", tracker: "40", table: "7" }, k.orders, k.trackers);
    applyFloorEvent({ kind: "located", tracker: "41", table: "8" }, k.orders, k.trackers);
    expect(k.orders.get(byName("40"))).toMatchObject({ state: "located", locationName: "7" });
    expect(k.orders.get(byName("41"))).toMatchObject({ state: "located", locationName: "8" });
    // The same tag read twice is not a change.
    const before = k.seen.length;
    applyFloorEvent({ kind: "located", tracker: "40", table: "7" }, k.orders, k.trackers);
    expect(k.seen.length).toBe(before);
  });

  it("a tracker docked clears its order with reason TRACKER", () => {
    const k = domainKit();
    applyFloorEvent({ kind: "started", tracker: "40" }, k.orders, k.trackers);
    applyFloorEvent({ kind: "docked", tracker: "40" }, k.orders, k.trackers);
    expect(k.orders.count).toBe(0);
    expect(k.seen.map((e) => [e.type, e.order.clearedReason])).toEqual([
      ["ORDER_CREATED", null],
      ["ORDER_MODIFIED", "TRACKER"],
    ]);
  });

  it("battery reports update the inventory without touching orders", () => {
    const k = domainKit();
    applyFloorEvent({ kind: "seen", tracker: "40", battery: 55 }, k.orders, k.trackers);
    expect(k.trackers.get("40")?.battery).toBe(55);
    expect(k.seen).toEqual([]);
  });
});
