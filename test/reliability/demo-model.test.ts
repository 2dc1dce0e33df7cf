// Property-based model test of the demo traffic (issue 14.15): fast-check drives random clock
// moves, restarts (a new demo on the same memory, a floor rebuilt from what the gateway heard)
// and a person at the Floor panel who starts, seats and docks trackers too. The demo, over the
// real domain, must never seat a party at a table someone sits at, and without interference it
// must never leave two active orders at one table, and it clears every party within its maximum.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyFloorEvent } from "../../src/domain/floor.js";
import { DEMO_MAX_SECONDS, type DemoMemory, type DemoParty, DemoTraffic } from "../../src/hardware/demo.js";
import { SimulatedFloor } from "../../src/hardware/sim-floor.js";
import { domainKit } from "../helpers/domain.js";

const TABLES = 8;
const TRACKERS = 30;

type Step =
  | { kind: "advance"; seconds: number }
  | { kind: "restart" }
  | { kind: "userStart"; tracker: number }
  | { kind: "userLocate"; tracker: number; table: number }
  | { kind: "userDock"; tracker: number }
  | { kind: "posOrder"; name: number; table: number };

const advance = fc.record({
  kind: fc.constant("advance" as const),
  seconds: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 31, max: 900 })),
});
const restart = fc.constant({ kind: "restart" as const });
const tracker = fc.integer({ min: 1, max: TRACKERS });
const user = fc.oneof(
  fc.record({ kind: fc.constant("userStart" as const), tracker }),
  fc.record({ kind: fc.constant("userLocate" as const), tracker, table: fc.integer({ min: 1, max: TABLES }) }),
  fc.record({ kind: fc.constant("userDock" as const), tracker }),
  // A POS creates an order over REST and seats it, with no tracker on the floor.
  fc.record({
    kind: fc.constant("posOrder" as const),
    name: fc.integer({ min: 1, max: TRACKERS + 5 }),
    table: fc.integer({ min: 1, max: TABLES }),
  }),
);

class Rig {
  readonly kit = domainKit();
  readonly saved: { parties: DemoParty[] } = { parties: [] };
  readonly memory: DemoMemory = {
    load: () => structuredClone(this.saved.parties),
    save: (p) => {
      this.saved.parties = structuredClone([...p]);
    },
  };
  floor!: SimulatedFloor;
  demo!: DemoTraffic;
  /** Set while a person, not the demo, acts on the floor. */
  userActing = false;
  readonly violations: string[] = [];
  /** Order uuid → when the demo started it, for the demo's own parties. */
  readonly demoStarted = new Map<string, number>();
  readonly durations: number[] = [];

  constructor(readonly seed: number) {
    this.boot();
  }

  /** A gateway start: the floor knows what the inventory last heard, the demo reads its memory. */
  boot(): void {
    const known = this.kit.trackers.records().map((t) => ({
      name: t.name,
      status: t.status,
      locationName: t.locationName,
      battery: t.battery,
      paging: false,
    }));
    this.floor = new SimulatedFloor(this.kit.clock, known);
    void this.floor.start((e) => {
      if (e.kind === "located" && !this.userActing) {
        // The floor already shows this tracker on the table; the orders do not yet.
        const trackers = this.floor.list().filter((t) => t.status === "located" && t.locationName === e.table);
        const orders = this.kit.orders
          .list()
          .filter((o) => o.state === "located" && o.locationName === e.table && o.name !== e.tracker);
        if (trackers.length > 1 || orders.length > 0) {
          this.violations.push(`demo seated tracker ${e.tracker} at occupied table ${e.table}`);
        }
      }
      const before = e.kind === "docked" ? this.kit.orders.find({ by: "name", name: e.tracker }) : undefined;
      applyFloorEvent(e, this.kit.orders, this.kit.trackers);
      if (e.kind === "started" && !this.userActing) {
        const o = this.kit.orders.find({ by: "name", name: e.tracker });
        if (o) this.demoStarted.set(o.uuid, this.kit.clock.now());
      }
      if (before && !this.userActing) {
        const started = this.demoStarted.get(before.uuid);
        if (started !== undefined) this.durations.push((this.kit.clock.now() - started) / 1000);
      }
    });
    this.demo = new DemoTraffic({
      floor: this.floor,
      clock: this.kit.clock,
      memory: this.memory,
      seed: this.seed,
      tables: TABLES,
      trackers: TRACKERS,
      page: (n) => {
        if (this.kit.orders.find({ by: "name", name: n })) this.kit.orders.page({ by: "name", name: n }, false);
      },
      orders: () =>
        this.kit.orders.list().map((o) => ({ name: o.name, table: o.state === "located" ? o.locationName : null })),
      onError: (e) => {
        throw e;
      },
    });
    this.demo.start();
  }

  run(step: Step): void {
    switch (step.kind) {
      case "advance": {
        // The gateway ticks each second; a jump ticks once, as POST /sim/clock does.
        if (step.seconds <= 30) {
          for (let i = 0; i < step.seconds; i++) {
            this.kit.clock.advance(1000);
            this.demo.tick();
          }
        } else {
          this.kit.clock.advance(step.seconds * 1000);
          this.demo.tick();
        }
        return;
      }
      case "restart":
        this.demo.stop();
        void this.floor.stop();
        this.boot();
        return;
      default:
        this.userActing = true;
        try {
          if (step.kind === "userStart") this.floor.startTracker(String(step.tracker));
          else if (step.kind === "userLocate") this.floor.locate(String(step.tracker), String(step.table));
          else if (step.kind === "userDock") {
            const n = String(step.tracker);
            if (this.floor.list().some((t) => t.name === n)) this.floor.clear(n);
          } else {
            const name = String(step.name);
            this.kit.orders.upsert({ name, orderType: "TO_GO", locationName: String(step.table) });
          }
        } finally {
          this.userActing = false;
        }
    }
  }

  /** Active located orders per table. */
  tablesInUse(): Map<string, number> {
    const m = new Map<string, number>();
    for (const o of this.kit.orders.list()) {
      if (o.state === "located" && o.locationName !== null) m.set(o.locationName, (m.get(o.locationName) ?? 0) + 1);
    }
    return m;
  }
}

describe("demo traffic (model)", () => {
  it("on its own: one active order per table, every party cleared within its maximum, across restarts", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(fc.oneof({ weight: 6, arbitrary: advance }, restart), { maxLength: 60 }),
        (seed, steps) => {
          const rig = new Rig(seed);
          for (const step of steps) {
            rig.run(step);
            for (const [table, n] of rig.tablesInUse()) expect(n, `table ${table}`).toBeLessThanOrEqual(1);
            expect(rig.violations).toEqual([]);
          }
          // Then the clock runs on in seconds: every party the demo has on the floor leaves in time.
          const key = (p: DemoParty) => `${p.tracker}@${p.leaveAt}`;
          const inFlight = new Set(rig.demo.parties.map(key));
          const orders = new Set(rig.kit.orders.list().map((o) => o.uuid));
          for (let s = 0; s <= DEMO_MAX_SECONDS; s++) rig.run({ kind: "advance", seconds: 1 });
          expect(rig.demo.parties.filter((p) => inFlight.has(key(p)))).toEqual([]);
          expect(rig.kit.orders.list().filter((o) => orders.has(o.uuid))).toEqual([]);
          // Jumps of the clock make a visit as long as the jump; without one it never runs over.
          const jumped = steps.some((s) => s.kind === "advance" && s.seconds > 30);
          if (!jumped) for (const d of rig.durations) expect(d).toBeLessThanOrEqual(DEMO_MAX_SECONDS + 1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("with a person at the Floor panel too, the demo never seats a party at an occupied table", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(
          fc.oneof(
            { weight: 5, arbitrary: advance },
            { weight: 1, arbitrary: restart },
            { weight: 3, arbitrary: user },
          ),
          {
            maxLength: 80,
          },
        ),
        (seed, steps) => {
          const rig = new Rig(seed);
          for (const step of steps) {
            rig.run(step);
            expect(rig.violations).toEqual([]);
            // The demo's own parties never share a table.
            const tables = rig.demo.parties.filter((p) => p.table !== "").map((p) => p.table);
            expect(new Set(tables).size).toBe(tables.length);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
