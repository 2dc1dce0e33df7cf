// When a tracker's report happened (radio.md §1): the tracker's own `ts` when it is believable,
// so an event the broker held while the gateway was down keeps its true time; and whether it
// comes too late to apply, because the same tracker has already reported something newer.

/** A `ts` older than this is not believed (a tracker whose clock was never set). */
export const MAX_EVENT_AGE_MS = 24 * 60 * 60 * 1000;

/** The time to record: `ts` when in the past 24 h, else the arrival time. */
export function eventTime(ts: number | undefined, arrival: number): number {
  if (ts === undefined || ts > arrival || arrival - ts > MAX_EVENT_AGE_MS) return arrival;
  return ts;
}

/** An event older than the tracker's last applied report is stale: applying it would undo newer news. */
export function isStale(at: number, lastApplied: number | undefined): boolean {
  return lastApplied !== undefined && at < lastApplied;
}
