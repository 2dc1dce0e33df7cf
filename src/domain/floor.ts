// What trackers report from the floor, applied to the inventory and the orders. Every device
// (the simulated floor today, a radio later) feeds the domain through this one function.
import type { OrderType } from "../protocol/wire.js";
import type { OrderService } from "./orders.js";
import type { TrackerInventory } from "./trackers.js";

/** `at`: when it happened, if not now (a radio's event delivered late keeps its time, radio.md §1). */
interface Reported {
  tracker: string;
  battery?: number;
  at?: number;
}

export type FloorEvent =
  | ({ kind: "started"; orderType?: OrderType } & Reported)
  | ({ kind: "located"; table: string } & Reported)
  | ({ kind: "docked" } & Reported)
  | ({ kind: "seen" } & Reported);

/** Orders begun at the starter unit are for the dining room unless the device says otherwise. */
const FLOOR_ORDER_TYPE: OrderType = "ON_PREMISE";

export function applyFloorEvent(e: FloorEvent, orders: OrderService, trackers: TrackerInventory): void {
  const { battery, at } = e;
  switch (e.kind) {
    case "started":
      trackers.report(e.tracker, "started", { battery }, at);
      orders.trackerStarted(e.tracker, e.orderType ?? FLOOR_ORDER_TYPE, at);
      return;
    case "located":
      trackers.report(e.tracker, "located", { locationName: e.table, battery }, at);
      orders.trackerLocated(e.tracker, e.table, FLOOR_ORDER_TYPE, at);
      return;
    case "docked":
      trackers.report(e.tracker, "docked", { battery }, at);
      trackers.stopPaging(e.tracker);
      orders.trackerDocked(e.tracker, at);
      return;
    case "seen": {
      const t = trackers.get(e.tracker);
      trackers.report(e.tracker, t?.status ?? "docked", { battery, locationName: t?.locationName }, at);
      return;
    }
  }
}
