// Active orders and their state machine (spec §2): started → located → cleared, paging, and
// the seq that numbers every change. The active set is kept in memory (the database is the
// durable copy), so reads never touch the disk.
//
// Group commit: `grouped(fn)` queues a change; every change queued in the same turn of the event
// loop runs in one transaction (one WAL write) at the next check phase. The group runs
// synchronously from BEGIN to COMMIT, so no reader sees memory between the two; events are
// published and replies resolved only after COMMIT, and a failed COMMIT puts memory back as it
// was before the group and fails every change in it.
import { TrackerError } from "../protocol/tracker-error.js";
import type { ClearReason, OrderEventType, OrderType } from "../protocol/wire.js";
import type { Clock } from "./clock.js";
import type { EventBus, OrderEvent } from "./events.js";
import { type OrderInput, type OrderRef, startedOrder } from "./order-rules.js";
import type { Store } from "./ports.js";
import type { OrderRecord } from "./records.js";
import type { TrackerInventory } from "./trackers.js";

interface IdSource {
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
  /** Schedules a group's commit after the requests of this turn are in; setImmediate by default. */
  defer?: (fn: () => void) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** What a group changed, to publish after its commit or to put back if the commit fails. */
interface Group {
  events: OrderEvent[];
  /** Taken at the group's first change: memory as it was on disk. */
  before?: { seq: number; byName: Map<string, OrderRecord> };
  /** Tracker records as they were before the group's first touch of each. */
  trackers: Map<string, ReturnType<TrackerInventory["get"]>>;
}

export class OrderService {
  readonly #deps: OrderServiceDeps;
  readonly #byName = new Map<string, OrderRecord>();
  readonly #byUuid = new Map<string, OrderRecord>();
  readonly #outboxes: Outbox[] = [];
  #seq: number;
  #queue: Array<{ run: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  #group: Group | undefined;

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

  /**
   * Runs `fn` (any of this service's changes) in the next group commit; resolves after the
   * commit that holds it, with what `fn` returned, or rejects with what it threw (a storage
   * failure of the group: every change in it).
   */
  grouped<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#queue.length === 0) (this.#deps.defer ?? setImmediate)(() => this.#flush());
      this.#queue.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
    });
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
    return this.#run(() => {
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
    });
  }

  clear(ref: OrderRef, reason: ClearReason): OrderRecord {
    return this.#run(() => {
      return this.#clear(this.get(ref), reason);
    });
  }

  /** DELETE /activeorders: one ORDER_MODIFIED per order, each with its own seq (spec §4). */
  clearAll(reason: ClearReason): number {
    return this.#run(() => {
      const all = this.list();
      for (const o of all) this.#clear(o, reason);
      return all.length;
    });
  }

  /** Clears every active order created at or before `before` (automatic clearing, spec §5). */
  clearOlderThan(before: number): number {
    return this.#run(() => {
      const old = this.list().filter((o) => o.created <= before);
      for (const o of old) this.#clear(o, "AUTOMATIC");
      return old.length;
    });
  }

  page(ref: OrderRef, tracking: boolean): OrderRecord {
    return this.#run(() => {
      const order = this.get(ref);
      const trackers = this.#deps.trackers;
      if (!trackers.isSeen(order.name)) throw new TrackerError("PAGING_IMPOSSIBLE");
      if (!trackers.radioOnline) throw new TrackerError("PAGING_UNAVAILABLE");
      const now = this.#deps.clock.now();
      const next = { ...order, paged: true, pagedAt: order.pagedAt ?? now };
      return this.#commit("ORDER_PAGED", next, false, () => trackers.startPaging(order.name, tracking, now));
    });
  }

  /**
   * [opentt] The kitchen's bump: records when the food was ready (the first mark stands) and,
   * when `page` says so, pages the guest's tracker too if it can (an unseen tracker or a radio
   * that is down leaves the mark in place; `paged` in the reply tells which).
   */
  markReady(ref: OrderRef, page: (o: OrderRecord) => boolean): OrderRecord {
    return this.#run(() => {
      const order = this.get(ref);
      const marked =
        order.readyAt == null
          ? this.#commit("ORDER_MODIFIED", { ...order, readyAt: this.#deps.clock.now() }, false)
          : order;
      const trackers = this.#deps.trackers;
      if (page(marked) && !marked.paged && trackers.isSeen(marked.name) && trackers.radioOnline) {
        return this.page(ref, true);
      }
      return marked;
    });
  }

  /** [opentt] Undoes the bump; an order not marked ready is returned unchanged, with no event. */
  unmarkReady(ref: OrderRef): OrderRecord {
    return this.#run(() => {
      const order = this.get(ref);
      if (order.readyAt == null) return order;
      return this.#commit("ORDER_MODIFIED", { ...order, readyAt: null }, false);
    });
  }

  /** True when a tracker was paging and has been stopped (1002), false otherwise (1003). */
  unpage(ref: OrderRef): boolean {
    const order = this.get(ref);
    return this.#deps.trackers.stopPaging(order.name);
  }

  // ---- the floor: a tracker tapped, set on a table, docked.

  // `at` is when the tracker did it: a radio event delivered late keeps its time (radio.md §1).

  trackerStarted(name: string, orderType: OrderType, at = this.#deps.clock.now()): void {
    this.#run(() => {
      if (this.#byName.has(name)) return;
      this.#create(name, orderType, undefined, at);
    });
  }

  trackerLocated(name: string, table: string, orderType: OrderType, at = this.#deps.clock.now()): void {
    this.#run(() => {
      const o = this.#byName.get(name);
      if (!o) {
        this.#create(name, orderType, table, at);
        return;
      }
      if (o.state === "located" && o.locationName === table) return;
      const next = { ...o };
      this.#locate(next, table, Math.max(at, o.created));
      this.#commit("ORDER_MODIFIED", next, false);
    });
  }

  trackerDocked(name: string, at = this.#deps.clock.now()): void {
    this.#run(() => {
      const o = this.#byName.get(name);
      if (o) this.#clear(o, "TRACKER", Math.max(at, o.stateChanged));
    });
  }

  // ---- internals

  #create(
    name: string,
    orderType: OrderType,
    locationName: string | undefined,
    now = this.#deps.clock.now(),
  ): OrderRecord {
    const o: OrderRecord = { id: 0, ...startedOrder(this.#deps.ids.uuid(), name, orderType, now), readyAt: null };
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
   * Writes one change, its seq and its outbox rows (a savepoint inside the group's transaction).
   * `alsoInTx` is the tracker side of the change (start or stop paging): it runs last, so when
   * any write fails nothing is saved. Memory moves at once, for the next change of the group to
   * see; the event waits for the group's commit.
   */
  #commit(type: OrderEventType, order: OrderRecord, isNew: boolean, alsoInTx?: () => void): OrderRecord {
    const { store, trackers } = this.#deps;
    const group = this.#group;
    if (!group) throw new Error("an order change must run inside a group (#run or grouped)");
    group.before ??= { seq: this.#seq, byName: new Map(this.#byName) };
    if (alsoInTx && !group.trackers.has(order.name)) group.trackers.set(order.name, trackers.get(order.name));
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
    this.#seq = seq;
    if (order.state === "cleared") this.#forget(order);
    else this.#remember(order);
    group.events.push(event);
    return order;
  }

  /** A change made by a direct call: inside a running group it joins it, else it commits alone. */
  #run<T>(fn: () => T): T {
    if (this.#group) return fn();
    // Changes queued earlier go first, so this one sees them and seq keeps arrival order.
    this.#flush();
    const [outcome] = this.#runGroup([fn]);
    if (!outcome?.ok) throw outcome?.error;
    return outcome.value as T;
  }

  #flush(): void {
    const queued = this.#queue;
    if (queued.length === 0) return;
    this.#queue = [];
    const outcomes = this.#runGroup(queued.map((q) => q.run));
    queued.forEach((q, i) => {
      const o = outcomes[i] as Outcome;
      if (o.ok) q.resolve(o.value);
      else q.reject(o.error);
    });
  }

  /**
   * One transaction for every change in `changes`. A change refused by the rules (a
   * TrackerError before it wrote anything) fails alone; any other failure, or a failed COMMIT,
   * fails the whole group and puts memory back as it was before it.
   */
  #runGroup(changes: Array<() => unknown>): Outcome[] {
    const group: Group = { events: [], trackers: new Map() };
    this.#group = group;
    const outcomes: Outcome[] = [];
    try {
      this.#deps.store.group(() => {
        for (const change of changes) {
          const written = group.events.length;
          try {
            outcomes.push({ ok: true, value: this.#deps.store.transaction(change) });
          } catch (e) {
            // Refused before writing: nothing to undo. Otherwise the group cannot keep its
            // earlier changes apart from this one's memory: it fails as a whole.
            if (!(e instanceof TrackerError) || group.events.length !== written) throw e;
            outcomes.push({ ok: false, error: e });
          }
        }
        return group.events.length;
      });
    } catch (e) {
      this.#undo(group);
      return changes.map(() => ({ ok: false, error: e }));
    } finally {
      this.#group = undefined;
    }
    // Committed: now, and only now, listeners hear of it.
    for (const event of group.events) this.#deps.events.emit("order", event, this.#deps.onListenerError);
    return outcomes;
  }

  #undo(group: Group): void {
    if (group.before) {
      this.#seq = group.before.seq;
      this.#byName.clear();
      this.#byUuid.clear();
      for (const o of group.before.byName.values()) this.#remember(o);
    }
    for (const [name, record] of group.trackers) this.#deps.trackers.restore(name, record);
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
