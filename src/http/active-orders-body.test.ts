// The kept GET /activeorders reply must be byte for byte what serialising the list afresh
// gives, whatever happened in between: order changes, clock moves (forward, backward, by less
// than a second, in fractions of a millisecond), elapsedTime ticks and timezone changes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DomainKit, domainKit } from "../../test/helpers/domain.js";
import { toActiveOrder } from "../protocol/order.js";
import { ActiveOrdersBody } from "./active-orders-body.js";
import { envelope } from "./reply.js";

function fresh(kit: DomainKit): string {
  const now = kit.clock.now();
  const items = kit.orders.list().map((o) => toActiveOrder(o, now, kit.settings.zone));
  return JSON.stringify(envelope("ACTIVE_ORDERS", { count: items.length, items }));
}

const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "-05:00", "+14:00"];
const name = fc.integer({ min: 1, max: 12 }).map(String);

type Step =
  | { op: "create"; name: string; toGo: boolean; table?: string }
  | { op: "locate"; name: string; table: string }
  | { op: "page"; name: string }
  | { op: "clear"; name: string }
  | { op: "clearAll" }
  | { op: "advance"; ms: number }
  | { op: "back"; ms: number }
  | { op: "zone"; zone: string }
  | { op: "read" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant("create"), name, toGo: fc.boolean(), table: fc.option(name, { nil: undefined }) }),
  fc.record({ op: fc.constant("locate"), name, table: name }),
  fc.record({ op: fc.constant("page"), name }),
  fc.record({ op: fc.constant("clear"), name }),
  fc.constant({ op: "clearAll" as const }),
  fc.record({
    op: fc.constant("advance"),
    ms: fc.oneof(
      fc.integer({ min: 0, max: 1_500 }),
      fc.constantFrom(1, 999, 1000, 1001),
      fc.integer({ min: 0, max: 86_400_000 }),
      fc.double({ min: 0, max: 2000, noNaN: true }),
    ),
  }),
  fc.record({ op: fc.constant("back"), ms: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ op: fc.constant("zone"), zone: fc.constantFrom(...ZONES) }),
  fc.constant({ op: "read" as const }),
);

function apply(kit: DomainKit, s: Step): void {
  const ref = (n: string) => ({ by: "name" as const, name: n });
  const ifActive = (n: string, fn: () => unknown) => kit.orders.find(ref(n)) && fn();
  switch (s.op) {
    case "create":
      kit.orders.upsert({ name: s.name, orderType: s.toGo ? "TO_GO" : "ON_PREMISE", locationName: s.table });
      return;
    case "locate":
      kit.orders.trackerLocated(s.name, s.table, "ON_PREMISE");
      return;
    case "page":
      kit.trackers.report(s.name, "started");
      return void ifActive(s.name, () => kit.orders.page(ref(s.name), false));
    case "clear":
      return void ifActive(s.name, () => kit.orders.clear(ref(s.name), "MANAGER_OVERRIDE"));
    case "clearAll":
      kit.orders.clearAll("MANAGER_OVERRIDE");
      return;
    case "advance":
      kit.clock.advance(s.ms);
      return;
    case "back":
      kit.clock.set(kit.clock.now() - s.ms);
      return;
    case "zone":
      kit.settings.update({ timezone: s.zone });
      return;
    case "read":
      return;
  }
}

describe("ActiveOrdersBody", () => {
  it("is byte-identical to a fresh serialisation after any sequence of changes", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const kit = domainKit();
        const body = new ActiveOrdersBody(kit);
        expect(body.current().body.toString("utf8")).toBe(fresh(kit));
        for (const s of steps) {
          apply(kit, s);
          expect(body.current().body.toString("utf8")).toBe(fresh(kit));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the reply until an elapsedTime ticks, then rebuilds it", () => {
    const kit = domainKit();
    const body = new ActiveOrdersBody(kit);
    kit.orders.upsert({ name: "1", orderType: "TO_GO" });
    kit.clock.advance(400);
    kit.orders.upsert({ name: "2", orderType: "TO_GO" });
    const first = body.current();
    kit.clock.advance(599); // order 1 is 999 ms old: no tick yet
    expect(body.current()).toBe(first);
    kit.clock.advance(1); // order 1 turns 1 s
    const second = body.current();
    expect(second).not.toBe(first);
    expect(second.body.toString()).toBe(fresh(kit));
    kit.clock.advance(399); // order 2 is 999 ms old
    expect(body.current()).toBe(second);
    kit.clock.advance(1);
    expect(body.current()).not.toBe(second);
  });

  it("rebuilds on an order change and on a timezone change, not otherwise", () => {
    const kit = domainKit();
    const body = new ActiveOrdersBody(kit);
    const empty = body.current();
    kit.clock.advance(3_600_000);
    expect(body.current()).toBe(empty); // nothing in it depends on the time
    kit.orders.upsert({ name: "7", orderType: "TO_GO" });
    const one = body.current();
    expect(one).not.toBe(empty);
    kit.settings.update({ timezone: "Asia/Kolkata" });
    const moved = body.current();
    expect(moved).not.toBe(one);
    expect(moved.body.toString()).toBe(fresh(kit));
  });
});

describe("a rebuild that fails", () => {
  it("does not leave the old reply marked current", () => {
    const kit = domainKit();
    const body = new ActiveOrdersBody(kit);
    kit.orders.upsert({ name: "1", orderType: "TO_GO" });
    body.current();
    kit.orders.upsert({ name: "2", orderType: "TO_GO" });
    const list = kit.orders.list.bind(kit.orders);
    kit.orders.list = () => {
      throw new Error("boom");
    };
    expect(() => body.current()).toThrow("boom");
    kit.orders.list = list;
    expect(body.current().body.toString()).toBe(fresh(kit));
    // And with the failure still there, it keeps failing instead of answering the old list.
    kit.orders.list = () => {
      throw new Error("boom");
    };
    kit.orders.upsert({ name: "3", orderType: "TO_GO" });
    expect(() => body.current()).toThrow("boom");
    expect(() => body.current()).toThrow("boom");
  });
});
