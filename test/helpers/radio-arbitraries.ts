// Generated radio payloads (radio.md §1) for property tests: well-formed events and payloads
// that break one rule each.
import fc from "fast-check";
import { MAX_RADIO_PAYLOAD, type RadioEvent } from "../../src/protocol/radio.js";

export const digits = (min: number, max: number) =>
  fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`)).filter((s) => s.length >= min && s.length <= max);
export const tracker = digits(1, 9);
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** A well-formed event (radio.md §1), with extra unknown keys firmware may add. */
export const goodEvent: fc.Arbitrary<RadioEvent> = fc
  .record({
    tracker,
    event: fc.constantFrom("started", "located", "docked", "seen"),
    table: digits(1, 9),
    orderType: optional(fc.constantFrom("ON_PREMISE", "TO_GO")),
    battery: optional(fc.integer({ min: 0, max: 100 })),
    ts: optional(fc.integer({ min: 0, max: 2 ** 45 })),
  })
  .map(({ tracker, event, table, orderType, battery, ts }) => {
    const e: Record<string, unknown> = { event, tracker };
    if (event === "located") e.table = table;
    if (event === "started" && orderType) e.orderType = orderType;
    if (battery !== undefined) e.battery = battery;
    if (ts !== undefined) e.ts = ts;
    return e as RadioEvent;
  });

/** Payloads that are not the contract's, each with the rule it breaks. */
export const badPayload: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.string().filter((s) => {
    try {
      const v = JSON.parse(s);
      return typeof v !== "object" || v === null || Array.isArray(v);
    } catch {
      return true;
    }
  }),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Uint8Array.from([0xff, ...b])),
  fc
    .jsonValue()
    .filter((v) => typeof v !== "object" || v === null || Array.isArray(v))
    .map((v) => JSON.stringify(v)),
  fc
    .string()
    .filter((s) => !["started", "located", "docked", "seen"].includes(s))
    .map((event) => JSON.stringify({ event })),
  fc.constant(JSON.stringify({ battery: 5 })),
  fc
    .oneof(fc.string(), fc.double({ noInteger: true }), fc.integer({ min: 101 }), fc.integer({ max: -1 }), fc.boolean())
    .map((battery) => JSON.stringify({ event: "seen", battery })),
  fc
    .oneof(fc.string(), fc.double({ noInteger: true }), fc.integer({ max: -1 }), fc.constant(null))
    .map((ts) => JSON.stringify({ event: "docked", ts })),
  fc
    .oneof(
      fc.integer(),
      fc.constant(""),
      fc.string().filter((s) => !/^[0-9]{1,9}$/.test(s)),
      digits(10, 12),
    )
    .map((table) => JSON.stringify({ event: "located", table })),
  fc
    .string()
    .filter((s) => s !== "ON_PREMISE" && s !== "TO_GO")
    .map((orderType) => JSON.stringify({ event: "started", orderType })),
  fc
    .integer({ min: MAX_RADIO_PAYLOAD, max: 4 * MAX_RADIO_PAYLOAD })
    .map((n) => JSON.stringify({ event: "seen", pad: "x".repeat(n) })),
);
