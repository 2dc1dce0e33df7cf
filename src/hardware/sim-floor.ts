// The simulated floor: a box of trackers, a starter unit, table tags, a clearing dock and a few
// repeaters, all in memory. Integrators script it through /sim (src/http/routes/sim.ts) to run
// their tests with no hardware; the demo drives it to make `npm start` come alive.
import type { Clock } from "../domain/clock.js";
import type { FloorEvent } from "../domain/floor.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { SimTracker } from "../protocol/wire.js";
import type { RepeaterState, TrackerDevice } from "./device.js";

export type { SimTracker };

const SEED_REPEATERS = 3;
const MAX_REPEATERS = 16;

function repeater(i: number, now: number): RepeaterState {
  const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, "0");
  return {
    extendedAddress: `00124B00${hex(0x1a2b3c00 + i, 8)}`,
    shortAddress: hex(0x1000 + i * 0x111, 4),
    label: `Repeater ${i}`,
    manufacturerId: 4151,
    profileId: 260,
    parentShortAddress: "0000",
    firmwareVersion: "2.4.1",
    hardwareVersion: "1.0",
    remainingChildren: 20,
    deviceType: "ROUTER",
    deviceModel: "SIM-REPEATER",
    status: "ACTIVE",
    lastSeen: now,
  };
}

export class SimulatedFloor implements TrackerDevice {
  readonly #clock: Clock;
  readonly #trackers = new Map<string, SimTracker>();
  #repeaters: RepeaterState[] = [];
  #nextRepeater = 1;
  #pairingUntil = 0;
  #emit: ((e: FloorEvent) => void) | undefined;
  online = false;

  /**
   * `known`: the trackers already out on the floor. The floor is memory only, so after a restart
   * the gateway hands back what its inventory last heard from each tracker.
   */
  constructor(clock: Clock, known: readonly SimTracker[] = []) {
    this.#clock = clock;
    for (const t of known) this.#trackers.set(t.name, { ...t });
    for (let i = 0; i < SEED_REPEATERS; i++) this.#repeaters.push(repeater(this.#nextRepeater++, clock.now()));
  }

  async start(onEvent: (e: FloorEvent) => void): Promise<void> {
    this.#emit = onEvent;
    this.online = true;
  }

  async stop(): Promise<void> {
    this.online = false;
    this.#emit = undefined;
  }

  // ---- what a person does on the floor (the /sim routes)

  /** Tracker tapped on the starter unit: a tracker out of the box is seen from here on. */
  startTracker(name: string): SimTracker {
    const t = this.#seeOrAdd(name);
    t.status = "started";
    t.locationName = "";
    this.#send({ kind: "started", tracker: name });
    return { ...t };
  }

  /** Tracker set on a table: it reads the table's tag, and is seen from here on. */
  locate(name: string, table: string): SimTracker {
    const t = this.#seeOrAdd(name);
    t.status = "located";
    t.locationName = table;
    this.#drain(t);
    this.#send({ kind: "located", tracker: name, table });
    this.#send({ kind: "seen", tracker: name, battery: t.battery });
    return { ...t };
  }

  /** Tracker placed on the clearing dock; only one the floor has seen (start or locate). */
  clear(name: string): SimTracker {
    const t = this.#seen(name);
    t.status = "docked";
    t.locationName = "";
    t.paging = false;
    this.#send({ kind: "docked", tracker: name });
    return { ...t };
  }

  /** What tracker n is doing; not-found until the floor has seen it. */
  tracker(name: string): SimTracker {
    return { ...this.#seen(name) };
  }

  /** Every tracker the floor has seen, by number. */
  list(): SimTracker[] {
    return [...this.#trackers.values()].sort((a, b) => Number(a.name) - Number(b.name)).map((t) => ({ ...t }));
  }

  // ---- TrackerDevice

  setPaging(tracker: string, on: boolean): void {
    // The domain pages only trackers it has seen; an unseen number has no tracker to vibrate.
    const t = this.#trackers.get(tracker);
    if (t) t.paging = on;
  }

  isPaging(tracker: string): boolean {
    return this.#trackers.get(tracker)?.paging ?? false;
  }

  repeaters(refresh: boolean): RepeaterState[] {
    if (refresh) {
      const now = this.#clock.now();
      for (const r of this.#repeaters) if (r.status === "ACTIVE") r.lastSeen = now;
    }
    return this.#repeaters.map((r) => ({ ...r }));
  }

  clearRepeaters(): void {
    this.#repeaters = [];
  }

  setPairing(seconds: number): boolean {
    const now = this.#clock.now();
    this.#pairingUntil = seconds > 0 ? now + seconds * 1000 : 0;
    // A repeater powered up near the gateway joins as soon as pairing opens.
    if (seconds > 0 && this.#repeaters.length < MAX_REPEATERS)
      this.#repeaters.push(repeater(this.#nextRepeater++, now));
    return this.pairingOpen;
  }

  get pairingOpen(): boolean {
    return this.#clock.now() < this.#pairingUntil;
  }

  #seen(name: string): SimTracker {
    const t = this.#trackers.get(name);
    if (t) return t;
    throw new TrackerError(
      "NOT_FOUND",
      `Tracker ${name} has not been seen on the simulated floor: start it (POST /sim/trackers/${name}/start) or set it on a table (POST /sim/trackers/${name}/locate) first`,
    );
  }

  #seeOrAdd(name: string): SimTracker {
    let t = this.#trackers.get(name);
    if (!t) {
      t = { name, status: "docked", paging: false, locationName: "", battery: 100 };
      this.#trackers.set(name, t);
    }
    return t;
  }

  /** Batteries drain a little with each trip across the floor. */
  #drain(t: SimTracker): void {
    t.battery = Math.max(5, t.battery - 1);
  }

  #send(e: FloorEvent): void {
    if (!this.#emit) throw new Error("the simulated floor is not started");
    this.#emit(e);
  }
}
