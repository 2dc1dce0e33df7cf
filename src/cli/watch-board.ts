// The live board `opentt watch` draws: one line per active order, elapsed time ticking between
// frames, coloured against the target time. Pure: given the orders, when each was received and
// the time now, it returns the text, so the redraw loop stays trivial and this is unit-tested.

import { clockDuration as duration, urgency } from "../protocol/order-timing.js";
import type { ActiveOrder } from "../protocol/wire.js";
import { ansi, table } from "./output.js";

export interface BoardInput {
  orders: ActiveOrder[];
  /** When (ms, local clock) each order's elapsedTime was true, by uuid. */
  receivedAt: ReadonlyMap<string, number>;
  now: number;
  targetSeconds: number;
  title: string;
  status: string;
  color: boolean;
}

/** The order's elapsed seconds now: the gateway's figure plus the time since we got it. */
export function elapsedNow(o: ActiveOrder, receivedAt: number | undefined, now: number): number {
  return o.elapsedTime + (receivedAt === undefined ? 0 : Math.max(0, (now - receivedAt) / 1000));
}

export function renderBoard(b: BoardInput): string {
  const paint = { ok: ansi.green, warn: ansi.yellow, late: ansi.red };
  const rows = [...b.orders]
    .map((o) => ({ o, elapsed: elapsedNow(o, b.receivedAt.get(o.uuid), b.now) }))
    .sort((x, y) => y.elapsed - x.elapsed)
    .map(({ o, elapsed }) => {
      const time = duration(elapsed);
      const u = urgency(elapsed, b.targetSeconds);
      const mark = u === "late" ? " LATE" : "";
      return [
        o.name,
        o.locationName || "-",
        o.orderType === "TO_GO" ? "to go" : "dine in",
        o.state + (o.paged ? " (paged)" : ""),
        b.color ? paint[u](time + mark) : time + mark,
      ];
    });
  const head = `${b.title}  ·  ${b.orders.length} active  ·  target ${duration(b.targetSeconds)}  ·  ${b.status}`;
  const body = rows.length === 0 ? "No active orders.\n" : table(["ORDER", "TABLE", "TYPE", "STATE", "ELAPSED"], rows);
  return `${b.color ? ansi.bold(head) : head}\n\n${body}`;
}
