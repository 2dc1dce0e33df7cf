// An active order's elapsed time, ticking in the browser: the gateway's own `elapsedTime` when the
// frame arrived, plus the browser's time since, plus any jump of the simulated clock since. No
// timestamps are compared across zones, so a time-zone change or a DST switch cannot skew it.
import type { ActiveOrder } from "../../../src/protocol/wire.js";

/**
 * When a frame carrying the order arrived, and the simulated clock's offset (s) at that moment;
 * null while the offset was not yet known (it is filled in when it becomes known).
 */
export interface Receipt {
  at: number;
  sim: number | null;
}

export function elapsedNow(o: ActiveOrder, r: Receipt | undefined, now: number, simOffsetNow: number | null): number {
  if (!r) return o.elapsedTime;
  const jump = r.sim === null || simOffsetNow === null ? 0 : simOffsetNow - r.sim;
  return Math.max(0, o.elapsedTime + Math.floor((now - r.at) / 1000) + jump);
}

/** Every active order with its elapsed time now, the longest waiting first (then by number). */
export function ordersWithElapsed(
  live: { orders: readonly ActiveOrder[]; receipts: ReadonlyMap<string, Receipt> },
  now: number,
  simOffsetNow: number | null,
): { o: ActiveOrder; elapsed: number }[] {
  return live.orders
    .map((o) => ({ o, elapsed: elapsedNow(o, live.receipts.get(o.uuid), now, simOffsetNow) }))
    .sort((a, b) => b.elapsed - a.elapsed || a.o.name.localeCompare(b.o.name));
}
