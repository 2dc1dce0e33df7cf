// The client's picture of the active orders (spec §4): replaced by each ACTIVE_ORDERS snapshot,
// then kept by deltas in seq order. A delta whose seq skips ahead means frames were lost, and the
// only correct answer is a fresh snapshot. Pure: no sockets, so every rule is unit-tested.
import type { ActiveOrder, OrderEventFrame, ServerFrame, SnapshotFrame } from "../protocol/wire.js";

export type ApplyResult =
  | { kind: "snapshot"; frame: SnapshotFrame }
  | { kind: "event"; frame: OrderEventFrame }
  /** seq at or below the last applied one: already seen (e.g. sent twice), ignored. */
  | { kind: "stale"; frame: OrderEventFrame }
  /** A delta before any snapshot, or with a gap: the book must be resynced. */
  | { kind: "gap"; expected: number; received: number };

const EVENT_TYPES = new Set(["ORDER_CREATED", "ORDER_MODIFIED", "ORDER_PAGED"]);

/**
 * True for a data frame of spec §4 (the error envelope is not one).
 *
 * @example
 * ```ts
 * isServerFrame({ status: 401, returnCode: -2, message: "…" }); // false
 * ```
 */
export function isServerFrame(v: unknown): v is ServerFrame {
  if (!v || typeof v !== "object") return false;
  const f = v as { type?: unknown; seq?: unknown; items?: unknown };
  if (typeof f.seq !== "number") return false;
  if (f.type === "ACTIVE_ORDERS") return Array.isArray(f.items);
  return typeof f.type === "string" && EVENT_TYPES.has(f.type);
}

/**
 * The flat order fields of an event frame, without `type` and `seq`.
 *
 * @example
 * ```ts
 * orderOf({ type: "ORDER_CREATED", seq: 7, ...order }); // order
 * ```
 */
function orderOf(frame: OrderEventFrame): ActiveOrder {
  const { type: _type, seq: _seq, ...order } = frame;
  return order;
}

/**
 * The active orders from WebSocket frames; `subscribe()` uses one, and so can a custom transport.
 *
 * @example
 * ```ts
 * const book = new OrderBook();
 * const r = book.apply(JSON.parse(frameText));
 * if (r.kind === "gap") reconnect(); // lost frames: get a fresh snapshot
 * else render(book.list());
 * ```
 */
export class OrderBook {
  readonly #orders = new Map<string, ActiveOrder>();
  #seq: number | undefined;

  /** seq of the last applied snapshot or event; undefined before the first snapshot. */
  get seq(): number | undefined {
    return this.#seq;
  }

  /** Active orders in the order the gateway first reported them. */
  list(): ActiveOrder[] {
    return [...this.#orders.values()];
  }

  apply(frame: ServerFrame): ApplyResult {
    if (frame.type === "ACTIVE_ORDERS") {
      this.#orders.clear();
      for (const o of frame.items) this.#orders.set(o.uuid, o);
      this.#seq = frame.seq;
      return { kind: "snapshot", frame };
    }
    if (this.#seq === undefined) return { kind: "gap", expected: Number.NaN, received: frame.seq };
    if (frame.seq <= this.#seq) return { kind: "stale", frame };
    if (frame.seq !== this.#seq + 1) return { kind: "gap", expected: this.#seq + 1, received: frame.seq };
    this.#seq = frame.seq;
    const order = orderOf(frame);
    // A clear is an ORDER_MODIFIED with state "cleared" (spec §4): the order leaves the list.
    if (order.state === "cleared") this.#orders.delete(order.uuid);
    else this.#orders.set(order.uuid, order);
    return { kind: "event", frame };
  }
}
