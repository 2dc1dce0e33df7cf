// Property-based model test of the order state machine (issue 9 §2, spec §2): fast-check
// drives random sequences of create/modify/locate/page/unpage/clear/clear-all, tracker events
// from the floor, clock jumps with maintenance, and restarts, against a small model. After every
// step the active orders, the seq, the emitted events and the database agree with the model.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyFloorEvent } from "../../src/domain/floor.js";
import { runMaintenance } from "../../src/domain/maintenance.js";
import type { OrderRef } from "../../src/domain/order-rules.js";
import { PAGE_SECONDS } from "../../src/domain/trackers.js";
import { TrackerError } from "../../src/protocol/tracker-error.js";
import type { OrderType } from "../../src/protocol/wire.js";
import { type DomainKit, domainKit } from "../helpers/domain.js";

interface MOrder {
  name: string;
  orderType: OrderType;
  state: "started" | "located";
  locationName: string | null;
  paged: boolean;
  created: number;
}

interface Model {
  active: Map<string, MOrder>;
  seq: number;
  seen: Set<string>;
  /** Tracker → paging until (epoch ms); Infinity while tracking. */
  paging: Map<string, number>;
}

interface Real {
  kit: DomainKit;
  /** Events seen across restarts, to check seq continuity. */
  lastSeq: number;
}

const AUTO_CLEAR_MS = 12 * 3600_000;
const byName = (name: string): OrderRef => ({ by: "name", name });

/** Runs fn and returns the TrackerError code it threw, or "ok". */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    if (e instanceof TrackerError) return e.code;
    throw e;
  }
}

function bump(m: Model, n = 1): void {
  m.seq += n;
}

function stopPaging(m: Model, name: string, now: number): boolean {
  const until = m.paging.get(name);
  m.paging.delete(name);
  return until !== undefined && until > now;
}

function check(m: Model, r: Real): void {
  const { orders, store, seen } = r.kit;
  type Viewable = Pick<MOrder, "name" | "orderType" | "locationName" | "paged"> & { state: string };
  const view = (o: Viewable) => [o.name, o.orderType, o.state, o.locationName, o.paged];
  expect(orders.list().map(view)).toEqual([...m.active.values()].map(view));
  expect(orders.seq).toBe(m.seq);
  // Every change emitted exactly one event, numbered one after the other.
  for (const e of seen) {
    expect(e.seq).toBe(r.lastSeq + 1);
    r.lastSeq = e.seq;
  }
  seen.length = 0;
  expect(r.lastSeq).toBe(m.seq);
  // The database holds what memory holds.
  const disk = store.orders.loadActive().map(view);
  expect(disk.sort()).toEqual(orders.list().map(view).sort());
  expect(Number(store.meta.get("seq") ?? 0)).toBe(m.seq);
}

type Cmd = fc.Command<Model, Real>;
const cmd = (label: string, run: (m: Model, r: Real) => void): Cmd => ({
  check: () => true,
  run: (m, r) => {
    run(m, r);
    check(m, r);
  },
  toString: () => label,
});

const name = fc.constantFrom("1", "2", "3", "4", "5");
const table = fc.constantFrom("10", "11", "12");
const type = fc.constantFrom<OrderType>("ON_PREMISE", "TO_GO");

const commands = [
  fc
    .record({
      name,
      orderType: fc.option(type, { nil: undefined }),
      locationName: fc.option(table, { nil: undefined }),
    })
    .map((input) =>
      cmd(`upsert ${JSON.stringify(input)}`, (m, r) => {
        const o = m.active.get(input.name);
        const now = r.kit.clock.now();
        const got = outcome(() => r.kit.orders.upsert(input));
        if (!o) {
          if (!input.orderType) return void expect(got).toBe("NO_ORDER_TYPE");
          expect(got).toBe("ok");
          const located = input.locationName !== undefined;
          m.active.set(input.name, {
            name: input.name,
            orderType: input.orderType,
            state: located ? "located" : "started",
            locationName: input.locationName ?? null,
            paged: false,
            created: now,
          });
          return bump(m);
        }
        expect(got).toBe("ok");
        const retype = input.orderType !== undefined && input.orderType !== o.orderType;
        const relocate =
          input.locationName !== undefined && (o.state !== "located" || input.locationName !== o.locationName);
        if (!retype && !relocate) return;
        if (retype) o.orderType = input.orderType as OrderType;
        if (relocate) {
          o.state = "located";
          o.locationName = input.locationName as string;
        }
        bump(m);
      }),
    ),
  name.map((n) =>
    cmd(`clear ${n}`, (m, r) => {
      const got = outcome(() => r.kit.orders.clear(byName(n), "MANAGER_OVERRIDE"));
      if (!m.active.has(n)) return void expect(got).toBe("ORDER_NOT_FOUND");
      expect(got).toBe("ok");
      m.active.delete(n);
      stopPaging(m, n, r.kit.clock.now());
      bump(m);
    }),
  ),
  fc.constant(
    cmd("clearAll", (m, r) => {
      expect(r.kit.orders.clearAll("MANAGER_OVERRIDE")).toBe(m.active.size);
      for (const n of m.active.keys()) stopPaging(m, n, r.kit.clock.now());
      bump(m, m.active.size);
      m.active.clear();
    }),
  ),
  fc.tuple(name, fc.boolean()).map(([n, tracking]) =>
    cmd(`page ${n} tracking=${tracking}`, (m, r) => {
      const now = r.kit.clock.now();
      const got = outcome(() => r.kit.orders.page(byName(n), tracking));
      const o = m.active.get(n);
      if (!o) return void expect(got).toBe("ORDER_NOT_FOUND");
      if (!m.seen.has(n)) return void expect(got).toBe("PAGING_IMPOSSIBLE");
      expect(got).toBe("ok");
      o.paged = true;
      m.paging.set(n, tracking ? Number.POSITIVE_INFINITY : now + PAGE_SECONDS * 1000);
      bump(m);
    }),
  ),
  name.map((n) =>
    cmd(`unpage ${n}`, (m, r) => {
      let was: boolean | undefined;
      const got = outcome(() => {
        was = r.kit.orders.unpage(byName(n));
      });
      if (!m.active.has(n)) return void expect(got).toBe("ORDER_NOT_FOUND");
      expect(got).toBe("ok");
      expect(was).toBe(stopPaging(m, n, r.kit.clock.now()));
    }),
  ),
  name.map((n) =>
    cmd(`tracker ${n} started`, (m, r) => {
      applyFloorEvent({ kind: "started", tracker: n }, r.kit.orders, r.kit.trackers);
      m.seen.add(n);
      if (m.active.has(n)) return;
      const created = r.kit.clock.now();
      m.active.set(n, {
        name: n,
        orderType: "ON_PREMISE",
        state: "started",
        locationName: null,
        paged: false,
        created,
      });
      bump(m);
    }),
  ),
  fc.tuple(name, table).map(([n, t]) =>
    cmd(`tracker ${n} on table ${t}`, (m, r) => {
      applyFloorEvent({ kind: "located", tracker: n, table: t }, r.kit.orders, r.kit.trackers);
      m.seen.add(n);
      const o = m.active.get(n);
      const created = r.kit.clock.now();
      if (!o) {
        m.active.set(n, { name: n, orderType: "ON_PREMISE", state: "located", locationName: t, paged: false, created });
        return bump(m);
      }
      if (o.state === "located" && o.locationName === t) return;
      o.state = "located";
      o.locationName = t;
      bump(m);
    }),
  ),
  name.map((n) =>
    cmd(`tracker ${n} docked`, (m, r) => {
      applyFloorEvent({ kind: "docked", tracker: n }, r.kit.orders, r.kit.trackers);
      m.seen.add(n);
      stopPaging(m, n, r.kit.clock.now());
      if (m.active.delete(n)) bump(m);
    }),
  ),
  fc.constantFrom(1_000, 30_000, 61_000, 3600_000, 13 * 3600_000).map((ms) =>
    cmd(`advance ${ms} ms`, (m, r) => {
      r.kit.clock.advance(ms);
      const now = r.kit.clock.now();
      runMaintenance(now, r.kit, false);
      for (const [n, until] of m.paging) if (until <= now) m.paging.delete(n);
      for (const [n, o] of m.active) {
        if (o.created > now - AUTO_CLEAR_MS) continue;
        m.active.delete(n);
        stopPaging(m, n, now);
        bump(m);
      }
    }),
  ),
  fc.constant(
    cmd("restart", (_m, r) => {
      r.kit = domainKit({ store: r.kit.store, clock: r.kit.clock });
    }),
  ),
];

describe("order state machine (model-based)", () => {
  it("agrees with the model over random command sequences", () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60 }), (cmds) => {
        const kit = domainKit();
        const model: Model = { active: new Map(), seq: 0, seen: new Set(), paging: new Map() };
        const real: Real = { kit, lastSeq: 0 };
        try {
          fc.modelRun(() => ({ model, real }), cmds);
        } finally {
          real.kit.store.close();
        }
      }),
      { seed: Number(process.env.OPENTT_FUZZ_SEED ?? 20261129), numRuns: 200 },
    );
  }, 60_000);
});
