// Issue 17.3's timing, shown without timing anything: the LRS radio's waits are injected and
// released by hand. A change the upstream's WebSocket reports (started, located) is applied on
// the frame itself, with no poll in between, so it shows as fast as the frame arrives (≤ 1 s);
// a change only a poll can see (a clear: the vendor sends no event for it) waits for the next
// poll, and polls are POLL_MS apart, each answering within CALL_TIMEOUT_MS, so it shows within
// POLL_MS + CALL_TIMEOUT_MS ≤ 5 s (radio.md §4).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FloorEvent } from "../../src/domain/floor.js";
import { fixedLocator } from "../../src/hardware/radio/lrs-locate.js";
import { LrsRadio, POLL_MS } from "../../src/hardware/radio/lrs-radio.js";
import { CALL_TIMEOUT_MS } from "../../src/hardware/radio/lrs-upstream.js";
import { RadioLink } from "../../src/hardware/radio/radio-link.js";
import { VendorDouble } from "../helpers/vendor-double.js";
import { waitUntil } from "../helpers/wait.js";

/** The radio's waits, held until the test releases them. */
class Gate {
  readonly asked: Array<{ ms: number; why: "poll" | "retry" }> = [];
  readonly #held: Array<() => void> = [];
  readonly wait = (ms: number, why: "poll" | "retry") => {
    this.asked.push({ ms, why });
    return new Promise<void>((resolve) => this.#held.push(resolve));
  };
  get held(): number {
    return this.#held.length;
  }
  release(): void {
    this.#held.shift()?.();
  }
}

let up: VendorDouble;
let dataDir: string;
let radio: LrsRadio;
let gate: Gate;
const events: FloorEvent[] = [];
const polls = () => up.requests.filter((r) => r === "GET /api/v2/activeorders").length;
const applied = (kind: FloorEvent["kind"], tracker: string) =>
  events.some((e) => e.kind === kind && e.tracker === tracker);

beforeEach(async () => {
  events.length = 0;
  up = await new VendorDouble().up(0);
  dataDir = mkdtempSync(path.join(tmpdir(), "opentt-cadence-"));
  gate = new Gate();
  const clock = { now: () => Date.now() };
  const link = new RadioLink({
    kind: "lrs",
    url: `lrs+${up.base}`,
    clock,
    logger: pino({ level: "silent" }),
    lastApplied: () => undefined,
  });
  radio = new LrsRadio({
    link,
    clock,
    dataDir,
    radioToken: up.mint(),
    isActive: (name) => applied("started", name) && !applied("docked", name),
    locate: fixedLocator(up.base),
    wait: gate.wait,
  });
  await radio.start((e) => events.push(e));
  // Connected: the first full read done, the WebSocket open, the first poll wait held.
  await waitUntil(() => radio.online && up.sockets === 1 && gate.held === 1, "the bridge connected and waiting");
});
afterEach(async () => {
  await radio.stop();
  await up.down();
  rmSync(dataDir, { recursive: true, force: true });
  expect(up.refused).toEqual([]);
});

describe("the LRS radio's cadence", () => {
  it("applies a WebSocket event on the event itself, with no poll in between", async () => {
    expect(polls()).toBe(1); // the session's first full read
    up.start("7", "TO_GO");
    await waitUntil(() => applied("started", "7"), "started from the frame");
    up.locate("7", "3");
    await waitUntil(() => applied("located", "7"), "located from the frame");
    expect(events.find((e) => e.kind === "located")).toMatchObject({ tracker: "7", table: "3" });
    // No poll ran: the first poll wait is still held, and the active list was read once.
    expect(gate.held).toBe(1);
    expect(gate.asked).toEqual([{ ms: POLL_MS, why: "poll" }]);
    expect(polls()).toBe(1);
  });

  it("applies what only a poll can see at the next poll, and polls every POLL_MS", async () => {
    up.start("8");
    await waitUntil(() => applied("started", "8"), "started from the frame");
    up.dock("8"); // the vendor sends no WebSocket event for this
    // Nothing but a poll can tell: the radio has not applied it while the poll wait is held.
    expect(applied("docked", "8")).toBe(false);
    gate.release();
    await waitUntil(() => applied("docked", "8"), "docked at the next poll");
    expect(polls()).toBe(2);
    // And the poll after it is asked for again, POLL_MS later: the cadence holds.
    await waitUntil(() => gate.held === 1 && gate.asked.length === 2, "the next poll wait");
    expect(gate.asked).toEqual([
      { ms: POLL_MS, why: "poll" },
      { ms: POLL_MS, why: "poll" },
    ]);
    // The worst case: the clear happens just after a poll read the list; the next read starts
    // POLL_MS later and answers within CALL_TIMEOUT_MS (or the upstream counts as down).
    expect(POLL_MS + CALL_TIMEOUT_MS).toBeLessThanOrEqual(5_000);
  });
});
