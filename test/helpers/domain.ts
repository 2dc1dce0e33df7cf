// Builds the domain on an in-memory SQLite store and a ManualClock, for unit tests that move
// time by hand; plus a matcher for "this throws TrackerError <code>".
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import { EventBus, type OrderEvent } from "../../src/domain/events.js";
import { OrderService } from "../../src/domain/orders.js";
import { SettingsService } from "../../src/domain/settings.js";
import { TokenService } from "../../src/domain/tokens.js";
import { type RadioPort, TrackerInventory } from "../../src/domain/trackers.js";
import type { CodeName } from "../../src/protocol/return-codes.js";
import { TrackerError } from "../../src/protocol/tracker-error.js";
import { openDatabase, SqliteStore } from "../../src/store/sqlite-store.js";

export class FakeRadio implements RadioPort {
  online = true;
  readonly calls: Array<[string, boolean]> = [];
  setPaging(tracker: string, on: boolean): void {
    this.calls.push([tracker, on]);
  }
}

export interface DomainKit {
  store: SqliteStore;
  clock: ManualClock;
  events: EventBus;
  trackers: TrackerInventory;
  radio: FakeRadio;
  orders: OrderService;
  tokens: TokenService;
  settings: SettingsService;
  /** Every order event emitted so far, in order. */
  seen: OrderEvent[];
}

/** A fresh domain; pass a store to rebuild the services on the same data (a "restart"). */
export function domainKit(opts: { store?: SqliteStore; clock?: ManualClock } = {}): DomainKit {
  const store = opts.store ?? new SqliteStore(openDatabase({ dataDir: ":memory:" }));
  const clock = opts.clock ?? new ManualClock();
  const events = new EventBus();
  const trackers = new TrackerInventory(store, clock);
  const radio = new FakeRadio();
  trackers.attachRadio(radio);
  const orders = new OrderService({ store, clock, ids: { uuid: randomUUID }, events, trackers });
  const tokens = new TokenService({ store, clock, events });
  const settings = new SettingsService(store, events, { timezone: "UTC" });
  const seen: OrderEvent[] = [];
  events.on("order", (e) => seen.push(e));
  return { store, clock, events, trackers, radio, orders, tokens, settings, seen };
}

/** Asserts that fn throws the TrackerError named code and returns it. */
export function expectCode(fn: () => unknown, code: CodeName): TrackerError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected TrackerError ${code}`).toBeInstanceOf(TrackerError);
  expect((thrown as TrackerError).code).toBe(code);
  return thrown as TrackerError;
}
