// The clock-driven rules (spec §5): automatic clearing after autoClearHours with reason
// AUTOMATIC, and history purged after historyDays, both following the injected clock.
import { describe, expect, it } from "vitest";
import { domainKit } from "../../test/helpers/domain.js";
import { runMaintenance } from "./maintenance.js";

const HOUR = 3600_000;
const run = (k: ReturnType<typeof domainKit>, purge = true) => runMaintenance(k.clock.now(), k, purge);

describe("automatic clearing", () => {
  it("clears an order left 12 hours (the default) with reason AUTOMATIC, not before", () => {
    const k = domainKit();
    k.orders.upsert({ name: "1", orderType: "TO_GO" });
    k.clock.advance(12 * HOUR - 1_000);
    expect(run(k).autoCleared).toBe(0);
    expect(k.orders.count).toBe(1);
    k.clock.advance(1_000);
    expect(run(k).autoCleared).toBe(1);
    expect(k.orders.count).toBe(0);
    expect(k.seen.at(-1)).toMatchObject({
      type: "ORDER_MODIFIED",
      order: { state: "cleared", clearedReason: "AUTOMATIC" },
    });
  });

  it("follows the autoClearHours setting and leaves younger orders alone", () => {
    const k = domainKit();
    k.settings.update({ autoClearHours: 1 });
    k.orders.upsert({ name: "1", orderType: "TO_GO" });
    k.clock.advance(30 * 60_000);
    k.orders.upsert({ name: "2", orderType: "TO_GO" });
    k.clock.advance(30 * 60_000);
    expect(run(k).autoCleared).toBe(1);
    expect(k.orders.list().map((o) => o.name)).toEqual(["2"]);
  });
});

describe("retention", () => {
  it("purges orders created more than historyDays ago, only when asked to purge", () => {
    const k = domainKit();
    k.orders.upsert({ name: "1", orderType: "TO_GO" });
    k.orders.clear({ by: "name", name: "1" }, "MANAGER_OVERRIDE");
    k.clock.advance(14 * 24 * HOUR - 1_000);
    k.orders.upsert({ name: "2", orderType: "TO_GO" });
    expect(run(k).purged).toBe(0);
    k.clock.advance(2_000);
    expect(run(k, false).purged).toBe(0);
    const r = run(k, true);
    expect(r.purged).toBe(1);
    const h = k.store.orders.history({ offset: 0, limit: 10 });
    expect(h.items.map((o) => o.name)).toEqual(["2"]);
  });

  it("follows the historyDays setting and never purges an order still active", () => {
    const k = domainKit();
    k.settings.update({ historyDays: 1, autoClearHours: 72 });
    k.orders.upsert({ name: "1", orderType: "TO_GO" });
    k.orders.upsert({ name: "2", orderType: "TO_GO" });
    k.orders.clear({ by: "name", name: "1" }, "MANAGER_OVERRIDE");
    k.clock.advance(24 * HOUR + 1_000);
    expect(run(k).purged).toBe(1);
    expect(k.store.orders.history({ offset: 0, limit: 10 }).items.map((o) => o.name)).toEqual(["2"]);
  });

  it("ends timed pages", () => {
    const k = domainKit();
    k.orders.upsert({ name: "1", orderType: "TO_GO" });
    k.trackers.report("1", "docked");
    k.orders.page({ by: "name", name: "1" }, false);
    k.clock.advance(60_000);
    expect(run(k).pagesEnded).toBe(1);
  });
});
