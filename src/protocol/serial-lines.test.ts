// radio.md §3 framing: lines split however the bytes arrive; over-long lines are skipped whole.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_RADIO_PAYLOAD } from "./radio.js";
import { LineSplitter } from "./serial-lines.js";

describe("LineSplitter", () => {
  it("yields the same lines however the stream is cut", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z{}":0-9]{1,40}$/), { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1 }),
        (lines, cuts) => {
          const bytes = Buffer.from(lines.map((l) => `${l}\r\n`).join(""));
          const s = new LineSplitter();
          const got: string[] = [];
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const n = cuts[i % cuts.length] as number;
            for (const o of s.push(bytes.subarray(at, at + n))) if ("line" in o) got.push(o.line.toString());
            at += n;
          }
          expect(got).toEqual(lines);
        },
      ),
    );
  });

  it("discards a line over 1 KiB up to its newline and carries on", () => {
    const s = new LineSplitter();
    const long = "x".repeat(MAX_RADIO_PAYLOAD + 10);
    const out = [
      ...s.push(Buffer.from(`{"a":1}\n${long.slice(0, 600)}`)),
      ...s.push(Buffer.from(`${long.slice(600)}\n{"b":2}\n`)),
    ];
    expect(out).toEqual([{ line: Buffer.from('{"a":1}') }, { tooLong: long.length }, { line: Buffer.from('{"b":2}') }]);
    const exact = "y".repeat(MAX_RADIO_PAYLOAD);
    expect(s.push(Buffer.from(`${exact}\n`))).toEqual([{ line: Buffer.from(exact) }]);
  });
});
