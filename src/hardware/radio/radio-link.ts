// What every radio shares (radio.md §1, §5): online state and its last error, the counts of
// applied, rejected and stale events, and the one path from a decoded message to the domain.
// The transports (MQTT, serial) only move bytes and call this.
import type { Logger } from "pino";
import type { Clock } from "../../domain/clock.js";
import { eventTime, isStale } from "../../domain/event-time.js";
import type { FloorEvent } from "../../domain/floor.js";
import { formatLocal } from "../../protocol/local-time.js";
import type { Decoded, RadioEvent, RadioStatus } from "../../protocol/radio.js";

/** radio.md §1: rejected input is logged at most once a second. */
const REJECT_LOG_MS = 1_000;

export interface RadioLinkOptions {
  kind: RadioStatus["kind"];
  url: string;
  clock: Clock;
  logger: Logger;
  /** When tracker n's newest applied report happened (the inventory's last seen). */
  lastApplied: (tracker: string) => number | undefined;
  /**
   * Runs a change in the domain's next group commit (OrderService.grouped) and resolves after
   * that commit: receiveInBatch's events share one transaction instead of one or two each.
   */
  batch?: (apply: () => void) => Promise<void>;
}

export class RadioLink {
  readonly kind: RadioStatus["kind"];
  url: string;
  readonly #o: RadioLinkOptions;
  #emit: ((e: FloorEvent) => void) | undefined;
  #online = false;
  #since: number;
  #lastError: string | null = null;
  #events = 0;
  #rejected = 0;
  #stale = 0;
  #lastRejectLog = 0;
  #unloggedRejects = 0;

  constructor(o: RadioLinkOptions) {
    this.#o = o;
    this.kind = o.kind;
    this.url = o.url;
    this.#since = o.clock.now();
  }

  get online(): boolean {
    return this.#online;
  }

  attach(emit: (e: FloorEvent) => void): void {
    this.#emit = emit;
  }

  detach(): void {
    this.#emit = undefined;
  }

  /** The far side (broker, port) became reachable or went away; `error` says why. */
  setOnline(online: boolean, error?: string): void {
    if (error !== undefined) this.#lastError = error;
    if (online === this.#online) return;
    this.#online = online;
    this.#since = this.#o.clock.now();
    this.#o.logger[online ? "info" : "warn"]({ url: this.url, error }, online ? "radio online" : "radio offline");
  }

  /** A message that is not the contract's: counted, logged at most once a second, never applied. */
  reject(reason: string, source: string): void {
    this.#rejected++;
    const now = Date.now();
    if (now - this.#lastRejectLog < REJECT_LOG_MS) {
      this.#unloggedRejects++;
      return;
    }
    this.#o.logger.warn(
      { source, reason, alsoRejected: this.#unloggedRejects },
      "radio message rejected: check the radio sends radio.md messages (the reason is in this line)",
    );
    this.#lastRejectLog = now;
    this.#unloggedRejects = 0;
  }

  /** A decoded tracker message from `source` (a topic, a port): applied, or counted as rejected. */
  receive(d: Decoded<RadioEvent>, source: string): void {
    if (!d.ok) {
      this.reject(d.reason, source);
      return;
    }
    try {
      this.deliver(d.value);
    } catch (e) {
      this.#failed(e, source);
    }
  }

  /**
   * As receive(), but applied in the next group commit with every other event received before
   * it; resolves once that commit has ended (or failed, which is logged as in receive()). The
   * stale check runs when the event is applied, after the events before it in the batch, so a
   * redelivered old event still cannot undo newer news. Undefined when nothing is to apply.
   */
  receiveInBatch(d: Decoded<RadioEvent>, source: string): Promise<void> | undefined {
    if (!d.ok || !this.#o.batch) {
      this.receive(d, source);
      return undefined;
    }
    const event = d.value;
    return this.#o.batch(() => this.deliver(event)).catch((e: unknown) => this.#failed(e, source));
  }

  #failed(e: unknown, source: string): void {
    // The domain could not take it (a full disk): logged and kept as the last error; the radio carries on.
    this.#lastError = `applying an event from ${source} failed: ${(e as Error).message}`;
    this.#o.logger.error(
      { err: e, source },
      "radio event not applied: check the tracker and order it names (the reason is in this line)",
    );
  }

  /**
   * A well-formed tracker event: applied at its own time, or dropped as stale. `ordered`: the
   * source already orders each tracker's events (an upstream gateway), so none is stale.
   */
  deliver(e: RadioEvent, opts: { ordered?: boolean } = {}): void {
    if (!this.#emit) return;
    const at = eventTime(e.ts, this.#o.clock.now());
    if (!opts.ordered && isStale(at, this.#o.lastApplied(e.tracker))) {
      this.#stale++;
      return;
    }
    const common = { tracker: e.tracker, at, ...(e.battery === undefined ? {} : { battery: e.battery }) };
    let floor: FloorEvent;
    switch (e.event) {
      case "started":
        floor = { kind: "started", ...common, ...(e.orderType ? { orderType: e.orderType } : {}) };
        break;
      case "located":
        floor = { kind: "located", ...common, table: e.table };
        break;
      default:
        floor = { kind: e.event, ...common };
    }
    this.#emit(floor);
    this.#events++;
  }

  /** Events applied by a device that delivers on its own (the simulated floor). */
  counted(emit: (e: FloorEvent) => void): (e: FloorEvent) => void {
    return (e) => {
      emit(e);
      this.#events++;
    };
  }

  status(zone: string): RadioStatus {
    return {
      kind: this.kind,
      online: this.#online,
      since: formatLocal(this.#since, zone),
      url: this.url,
      events: this.#events,
      rejected: this.#rejected,
      stale: this.#stale,
      lastError: this.#lastError,
    };
  }
}
