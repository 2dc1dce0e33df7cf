// The MQTT radio benchmark (bench/mqtt-radio.ts) at a tiny size, so it cannot rot: it runs to
// the end over a real mosquitto and reports finite figures with its ratio. No timing threshold
// here; `npm run bench:mqtt` measures.
import { describe, expect, it } from "vitest";
import { allFinite, toMarkdown } from "../../bench/lib/result.js";
import { benchMqttRadio } from "../../bench/mqtt-radio.js";

describe("MQTT radio benchmark (smoke)", () => {
  it("applies every event of 5 trackers, burst and paced, and reports a ratio and p99s", {
    timeout: 120_000,
  }, async () => {
    const r = await benchMqttRadio({ trackers: 5, cycles: 2, pacedSeconds: 4 });
    expect(allFinite(r), toMarkdown([r])).toBe(true);
    expect(r.metrics.map((m) => m.name)).toEqual([
      "burst: events applied",
      "paced (5 events/s): event → WebSocket p99",
      "paced: event → WebSocket p50",
      "burst: event → WebSocket p99 (queueing)",
    ]);
    expect(r.metrics[0]?.ratio).toBeTypeOf("number");
    expect(r.notes[0]).toContain("40 events");
    expect(r.notes[0]).toContain("30 WebSocket notifications timed");
    // 4 s × 5 trackers = one cycle each: started, located and docked notify.
    expect(r.notes[1]).toContain("20 events over 4 s, 15 WebSocket notifications timed");
  });
});
