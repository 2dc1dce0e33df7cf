// The MQTT radio benchmark (bench/mqtt-radio.ts) at a tiny size, so it cannot rot: it runs to
// the end over a real mosquitto and reports finite figures with its ratio. No timing threshold
// here; `npm run bench:mqtt` measures.
import { describe, expect, it } from "vitest";
import { allFinite, toMarkdown } from "../../bench/lib/result.js";
import { benchMqttRadio } from "../../bench/mqtt-radio.js";

describe("MQTT radio benchmark (smoke)", () => {
  it("applies every event of 5 trackers × 2 cycles and reports a ratio and a p99", { timeout: 120_000 }, async () => {
    const r = await benchMqttRadio({ trackers: 5, cycles: 2 });
    expect(allFinite(r), toMarkdown([r])).toBe(true);
    expect(r.metrics.map((m) => m.name)).toEqual(["events applied", "event → WebSocket p99"]);
    expect(r.metrics[0]?.ratio).toBeTypeOf("number");
    expect(r.notes[0]).toContain("40 events");
    expect(r.notes[0]).toContain("30 WebSocket notifications timed");
  });
});
