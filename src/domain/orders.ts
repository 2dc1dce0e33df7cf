// Active orders and their state machine (spec §2): started → located → cleared, paging, and
// the seq that numbers every change. The active set is kept in memory (the database is the
// durable copy), so reads never touch the disk.
import { TrackerError } from "../protocol/tracker-error.js";
import type { ClearReason, OrderEventType, OrderType } from "../protocol/wire.js";
import type { Clock } from "./clock.js";
import type { EventBus, OrderEvent } from "./events.js";
import type { OrderInput, OrderRef } from "./order-rules.js";
import type { Store } from "./ports.js";
import type { OrderRecord } from "./records.js";
import type { TrackerInventory } from "./trackers.js";

export interface IdSource {
  uuid(): string;
}

export type UpsertResult = "ORDER_CREATED" | "ORDER_MODIFIED" | "ORDER_ALREADY_STARTED" | "ORDER_ALREADY_LOCATED";

/** Runs inside the transaction of the change it is given (webhook queue, cloud outbox). */
export type Outbox = (event: OrderEvent) => void;

export interface OrderServiceDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  events: EventBus;
  trackers: TrackerInventory;
  onListenerError?: (e: unknown) => void;
}

export class OrderService {
  readonly #deps: OrderServiceDeps;
  readonly #byName = new Map<string, OrderRecord>();
  readonly #byUuid = new Map<string, OrderRecord>();
  readonly #outboxes: Outbox[] = [];
  #seq: number;

  constructor(deps: OrderServiceDeps) {
    this.#deps = deps;
    this.#seq = Number(deps.store.meta.get("seq") ?? 0);
    for (const o of deps.store.orders.loadActive()) this.#remember(o);
  }

  /** seq of the last event applied; a snapshot taken now is consistent with it. */
  get seq(): number {
    return this.#seq;
  }

  addOutbox(outbox: Outbox): void {
    this.#outboxes.push(outbox);
  }

  /** Active orders, oldest first. */
  list(): OrderRecord[] {
    return [...this.#byName.values()];
  }

  get count(): number {
    return this.#byName.size;
  }

  find(ref: OrderRef): OrderRecord | undefined {
    return ref.by === "name" ? this.#byName.get(ref.name) : this.#byUuid.get(ref.uuid);
  }

  get(ref: OrderRef): OrderRecord {
    const o = this.find(ref);
    if (!o) throw new TrackerError("ORDER_NOT_FOUND");
    return o;
  }

  /** POST /activeorders: create, or modify the active order of that name (spec §2). */
  upsert(input: OrderInput): { result: UpsertResult; order: OrderRecord } {
    const existing = this.#byName.get(input.name);
    if (!existing) {
      if (!input.orderType) throw new TrackerError("NO_ORDER_TYPE");
      return { result: "ORDER_CREATED", order: this.#create(input.name, input.orderType, input.locationName) };
    }
    const next = { ...existing };
    const now = this.#deps.clock.now();
    let changed = false;
    if (input.orderType && input.orderType !== existing.orderType) {
      next.orderType = input.orderType;
      changed = true;
    }
    if (
      input.locationName !== undefined &&
      (existing.state !== "located" || input.locationName !== existing.locationName)
    ) {
      this.#locate(next, input.locationName, now);
      changed = true;
    }
    if (!changed) {
      return {
        result: existing.state === "located" ? "ORDER_ALREADY_LOCATED" : "ORDER_ALREADY_STARTED",
        order: existing,
      };
    }
    return { result: "ORDER_MODIFIED", order: this.#commit("ORDER_MODIFIED", next, false) };
  }

  clear(ref: OrderRef, reason: ClearReason): OrderRecord {
    return this.#clear(this.get(ref), reason);
  }

  /** DELETE /activeorders: one ORDER_MODIFIED per order, each with its own seq (spec §4). */
  clearAll(reason: ClearReason): number {
    const all = this.list();
    for (const o of all) this.#clear(o, reason);
    return all.length;
  }

  /** Clears every active order created at or before `before` (automatic clearing, spec §5). */
  clearOlderThan(before: number): number {
    const old = this.list().filter((o) => o.created <= before);
    for (const o of old) this.#clear(o, "AUTOMATIC");
    return old.length;
  }

  page(ref: OrderRef, tracking: boolean): OrderRecord {
    const order = this.get(ref);
    const trackers = this.#deps.trackers;
    if (!trackers.isSeen(order.name)) throw new TrackerError("PAGING_IMPOSSIBLE");
    if (!trackers.radioOnline) throw new TrackerError("PAGING_UNAVAILABLE");
    const now = this.#deps.clock.now();
    const next = { ...order, paged: true, pagedAt: order.pagedAt ?? now };
    return this.#commit("ORDER_PAGED", next, false, () => trackers.startPaging(order.name, tracking, now));
  }

  /** True when a tracker was paging and has been stopped (1002), false otherwise (1003). */
  unpage(ref: OrderRef): boolean {
    const order = this.get(ref);
    return this.#deps.trackers.stopPaging(order.name);
  }

  // ---- the floor: a tracker tapped, set on a table, docked.

  // `at` is when the tracker did it: a radio event delivered late keeps its time (radio.md §1).

  trackerStarted(name: string, orderType: OrderType, at = this.#deps.clock.now()): void {
    if (this.#byName.has(name)) return;
    this.#create(name, orderType, undefined, at);
  }

  trackerLocated(name: string, table: string, orderType: OrderType, at = this.#deps.clock.now()): void {
    const o = this.#byName.get(name);
    if (!o) {
      this.#create(name, orderType, table, at);
      return;
    }
    if (o.state === "located" && o.locationName === table) return;
    const next = { ...o };
    this.#locate(next, table, Math.max(at, o.created));
    this.#commit("ORDER_MODIFIED", next, false);
  }

  trackerDocked(name: string, at = this.#deps.clock.now()): void {
    const o = this.#byName.get(name);
    if (o) this.#clear(o, "TRACKER", Math.max(at, o.stateChanged));
  }

  // ---- internals

  #create(
    name: string,
    orderType: OrderType,
    locationName: string | undefined,
    now = this.#deps.clock.now(),
  ): OrderRecord {
    const o: OrderRecord = {
      id: 0,
      uuid: this.#deps.ids.uuid(),
      name,
      orderType,
      locationName: null,
      state: "started",
      created: now,
      stateChanged: now,
      locatedAt: null,
      pagedAt: null,
      clearedAt: null,
      clearedReason: null,
      paged: false,
      version: 0,
    };
    if (locationName !== undefined) this.#locate(o, locationName, now);
    return this.#commit("ORDER_CREATED", o, true);
  }

  #locate(o: OrderRecord, table: string, now: number): void {
    if (o.state !== "located") {
      o.state = "located";
      o.stateChanged = now;
    }
    o.locationName = table;
    o.locatedAt ??= now;
  }

  #clear(order: OrderRecord, reason: ClearReason, now = this.#deps.clock.now()): OrderRecord {
    const next: OrderRecord = {
      ...order,
      state: "cleared",
      stateChanged: now,
      clearedAt: now,
      clearedReason: reason,
    };
    return this.#commit("ORDER_MODIFIED", next, false, () => this.#deps.trackers.stopPaging(order.name));
  }

  /**
   * Writes one change, its seq and its outbox rows in one transaction. `alsoInTx` is the
   * tracker side of the change (start or stop paging): it runs last inside the transaction, so
   * when any write fails nothing is saved and neither record moves in memory.
   */
  #commit(type: OrderEventType, order: OrderRecord, isNew: boolean, alsoInTx?: () => void): OrderRecord {
    const { store } = this.#deps;
    order.version += 1;
    const seq = this.#seq + 1;
    const event: OrderEvent = { type, seq, order };
    store.transaction(() => {
      if (isNew) order.id = store.orders.insert(order);
      else store.orders.update(order);
      store.meta.set("seq", String(seq));
      for (const outbox of this.#outboxes) outbox(event);
      alsoInTx?.();
    });
    // Only after the commit: memory and listeners never get ahead of the disk.
    this.#seq = seq;
    if (order.state === "cleared") this.#forget(order);
    else this.#remember(order);
    this.#deps.events.emit("order", event, this.#deps.onListenerError);
    return order;
  }

  #remember(o: OrderRecord): void {
    // Map insertion order is creation order: keep an order's place when it is replaced.
    this.#byName.set(o.name, o);
    this.#byUuid.set(o.uuid, o);
  }

  #forget(o: OrderRecord): void {
    this.#byName.delete(o.name);
    this.#byUuid.delete(o.uuid);
  }
}
