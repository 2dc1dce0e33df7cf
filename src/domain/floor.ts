// What trackers report from the floor, applied to the inventory and the orders. Every device
// (the simulated floor today, a radio later) feeds the domain through this one function.
import type { OrderType } from "../protocol/wire.js";
import type { OrderService } from "./orders.js";
import type { TrackerInventory } from "./trackers.js";

export type FloorEvent =
  | { kind: "started"; tracker: string; orderType?: OrderType }
  | { kind: "located"; tracker: string; table: string }
  | { kind: "docked"; tracker: string }
  | { kind: "seen"; tracker: string; battery: number };

/** Orders begun at the starter unit are for the dining room unless the device says otherwise. */
const FLOOR_ORDER_TYPE: OrderType = "ON_PREMISE";

export function applyFloorEvent(e: FloorEvent, orders: OrderService, trackers: TrackerInventory): void {
  switch (e.kind) {
    case "started":
      trackers.report(e.tracker, "started");
      orders.trackerStarted(e.tracker, e.orderType ?? FLOOR_ORDER_TYPE);
      return;
    case "located":
      trackers.report(e.tracker, "located", { locationName: e.table });
      orders.trackerLocated(e.tracker, e.table, FLOOR_ORDER_TYPE);
      return;
    case "docked":
      trackers.report(e.tracker, "docked");
      trackers.stopPaging(e.tracker);
      orders.trackerDocked(e.tracker);
      return;
    case "seen": {
      const t = trackers.get(e.tracker);
      trackers.report(e.tracker, t?.status ?? "docked", { battery: e.battery, locationName: t?.locationName });
      return;
    }
  }
}
