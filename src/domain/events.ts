// The typed event bus. Every change, whatever caused it (REST, the floor, the clock), is
// emitted here exactly once with its gateway-wide seq; the WebSocket hub, the dashboard and
// any future listener subscribe here and never to route handlers (STYLE §4).
import type { FloorPlan, OrderEventType } from "../protocol/wire.js";
import type { OrderRecord } from "./records.js";

export interface OrderEvent {
  type: OrderEventType;
  seq: number;
  order: Readonly<OrderRecord>;
}

export interface DomainEvents {
  order: OrderEvent;
  tokenRevoked: { name: string };
  settingsChanged: { keys: string[] };
  /** [opentt] A floor plan was saved; the plan as saved. */
  floorplanChanged: FloorPlan;
}

type Listener<T> = (payload: T) => void;

export class EventBus {
  #listeners: { [K in keyof DomainEvents]?: Set<Listener<DomainEvents[K]>> } = {};

  on<K extends keyof DomainEvents>(event: K, fn: Listener<DomainEvents[K]>): () => void {
    let set = this.#listeners[event] as Set<Listener<DomainEvents[K]>> | undefined;
    if (!set) {
      set = new Set();
      (this.#listeners as Record<string, unknown>)[event] = set;
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  /** A throwing listener must not stop the others or the change that caused the event. */
  emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K], onError?: (e: unknown) => void): void {
    const set = this.#listeners[event] as Set<Listener<DomainEvents[K]>> | undefined;
    if (!set) return;
    for (const fn of set) {
      try {
        fn(payload);
      } catch (e) {
        onError?.(e);
      }
    }
  }
}
