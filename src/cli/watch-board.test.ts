// The watch board: elapsed time ticks from when a frame arrived, rows sort by waiting time, and
// colour follows the target (green, then yellow from 75 %, red past it).
import { describe, expect, it } from "vitest";
import { urgency } from "../protocol/order-timing.js";
import type { ActiveOrder } from "../protocol/wire.js";
import { elapsedNow, renderBoard } from "./watch-board.js";

const order = (name: string, elapsedTime: number): ActiveOrder => ({
  name,
  uuid: `u-${name}`,
  orderType: "ON_PREMISE",
  locationName: "",
  state: "started",
  created: "2026-01-01T12:00:00",
  stateChanged: "2026-01-01T12:00:00",
  paged: false,
  elapsedTime,
});

describe("watch board", () => {
  it("ticks elapsed time from when the frame arrived", () => {
    expect(elapsedNow(order("1", 30), 1_000, 11_000)).toBe(40);
    expect(elapsedNow(order("1", 30), undefined, 11_000)).toBe(30);
  });

  it("colours against the target time", () => {
    expect([10, 75, 100, 101].map((e) => urgency(e, 100))).toEqual(["ok", "warn", "warn", "late"]);
    const text = renderBoard({
      orders: [order("1", 10), order("2", 200)],
      receivedAt: new Map([["u-1", 0]]),
      now: 80_000,
      targetSeconds: 100,
      title: "T",
      status: "open",
      color: true,
    });
    const lines = text.split("\n");
    expect(lines.findIndex((l) => l.startsWith("2 "))).toBeLessThan(lines.findIndex((l) => l.startsWith("1 ")));
    expect(text).toContain("\x1b[31m3:20 LATE\x1b[39m");
    expect(text).toContain("\x1b[33m1:30\x1b[39m");
  });

  it("has no escapes without colour", () => {
    const text = renderBoard({
      orders: [],
      receivedAt: new Map(),
      now: 0,
      targetSeconds: 300,
      title: "T",
      status: "open",
      color: false,
    });
    expect(text).toBe("T  ·  0 active  ·  target 5:00  ·  open\n\nNo active orders.\n");
  });
});
