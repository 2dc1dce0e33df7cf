// Domain records to wire shapes (spec §2 and §5). Timestamps are written in the zone in force
// when serialising, so a timezone change shows at once (spec §7).
import { formatLocal } from "../protocol/local-time.js";
import type { ActiveOrder, OrderSummary } from "../protocol/wire.js";
import type { OrderRecord } from "./records.js";

/** elapsedTime (spec §2): whole seconds since created, never negative. */
export function elapsedSeconds(created: number, now: number): number {
  return Math.max(0, Math.floor((now - created) / 1000));
}

export function toActiveOrder(o: OrderRecord, now: number, zone: string): ActiveOrder {
  return {
    name: o.name,
    uuid: o.uuid,
    orderType: o.orderType,
    locationName: o.locationName ?? "",
    state: o.state,
    created: formatLocal(o.created, zone),
    stateChanged: formatLocal(o.stateChanged, zone),
    paged: o.paged,
    elapsedTime: elapsedSeconds(o.created, now),
  };
}

const seconds = (from: number, to: number | null) => (to === null ? null : Math.max(0, Math.round((to - from) / 1000)));
const local = (ms: number | null, zone: string) => (ms === null ? null : formatLocal(ms, zone));

export function toSummary(o: OrderRecord, zone: string): OrderSummary {
  return {
    type: "ORDER_SUMMARY",
    name: o.name,
    uuid: o.uuid,
    orderType: o.orderType,
    locationName: o.locatedAt === null ? null : o.locationName,
    state: o.state,
    orderStarted: formatLocal(o.created, zone),
    orderLocated: local(o.locatedAt, zone),
    orderPaged: local(o.pagedAt, zone),
    orderCleared: local(o.clearedAt, zone),
    orderClearedReason: o.clearedReason,
    timeToSit: seconds(o.created, o.locatedAt),
    deliveryTime: seconds(o.created, o.clearedAt),
  };
}
