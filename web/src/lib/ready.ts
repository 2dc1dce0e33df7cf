// [opentt] The kitchen's ready mark on the dashboard: how long a ready order has waited for its
// runner, and ready orders first. `readyTime` and `created` are both gateway-local strings, so
// their difference needs no zone; the wait then ticks with the order's own elapsed time.
import type { ActiveOrder } from "../../../src/protocol/wire.js";
import { parseLocal } from "./time.js";

/** Seconds since the order was marked ready, or null when it is not. */
export function readyWait(o: ActiveOrder, elapsed: number): number | null {
  if (!o.readyTime) return null;
  const cooked = Math.max(0, Math.round((parseLocal(o.readyTime) - parseLocal(o.created)) / 1000));
  return Math.max(0, elapsed - cooked);
}

/** Ready orders first, the longest waiting since ready at the top; the rest keep their order. */
export function readyFirst<T extends { o: ActiveOrder; elapsed: number }>(rows: readonly T[]): T[] {
  const wait = (r: T) => readyWait(r.o, r.elapsed);
  return rows
    .map((r, i) => ({ r, i, w: wait(r) }))
    .sort((a, b) => (b.w ?? -1) - (a.w ?? -1) || a.i - b.i)
    .map((x) => x.r);
}
