// radio.md §1-§3 messages: every well-formed event decodes to itself, every malformed one is
// rejected with a reason (never thrown), over thousands of generated payloads.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { badPayload, digits, goodEvent, tracker } from "../../test/helpers/radio-arbitraries.js";
import {
  decodeEvent,
  decodeObject,
  decodeRepeaterState,
  decodeSerialLine,
  encodeCommand,
  encodeSerialCommand,
  MAX_RADIO_PAYLOAD,
  matchTopic,
  pageCommand,
  type RadioEvent,
} from "./radio.js";

const payloadOf = (e: RadioEvent, extra: Record<string, unknown> = {}) => {
  const { tracker: _t, ...rest } = e;
  return JSON.stringify({ ...rest, ...extra });
};

describe("radio events (§1)", () => {
  it("decodes every well-formed event to itself, whatever unknown keys ride along", () => {
    fc.assert(
      fc.property(
        goodEvent,
        fc.dictionary(
          fc
            .string()
            .filter(
              (k) => !["event", "table", "orderType", "battery", "ts", "tracker"].includes(k) && k !== "__proto__",
            ),
          fc.jsonValue(),
          { maxKeys: 3 },
        ),
        (e, extra) => {
          const payload = payloadOf(e, extra);
          fc.pre(Buffer.byteLength(payload) <= MAX_RADIO_PAYLOAD);
          expect(decodeEvent(Buffer.from(payload), e.tracker)).toEqual({ ok: true, value: e });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("rejects every malformed payload with a reason and never throws", () => {
    fc.assert(
      fc.property(badPayload, tracker, (payload, n) => {
        const d = decodeEvent(payload, n);
        expect(d.ok).toBe(false);
        if (!d.ok) expect(d.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it("rejects tracker numbers that are not 1-9 digits", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string().filter((s) => !/^[0-9]{1,9}$/.test(s)),
          digits(10, 14),
        ),
        goodEvent,
        (n, e) => {
          expect(decodeEvent(payloadOf(e), n).ok).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("draws the 1 KiB line exactly", () => {
    const at = (size: number) => {
      const base = JSON.stringify({ event: "seen", pad: "" });
      return JSON.stringify({ event: "seen", pad: "x".repeat(size - base.length) });
    };
    expect(Buffer.byteLength(at(MAX_RADIO_PAYLOAD))).toBe(MAX_RADIO_PAYLOAD);
    expect(decodeObject(at(MAX_RADIO_PAYLOAD)).ok).toBe(true);
    expect(decodeObject(at(MAX_RADIO_PAYLOAD + 1))).toEqual({
      ok: false,
      reason: "payload of 1025 bytes is over 1024",
    });
  });
});

describe("repeater state (§1)", () => {
  it("needs a boolean online; battery and signal are checked", () => {
    expect(decodeRepeaterState('{"online":true,"battery":80,"signal":-61}')).toEqual({
      ok: true,
      value: { online: true, battery: 80, signal: -61 },
    });
    expect(decodeRepeaterState('{"online":"yes"}').ok).toBe(false);
    expect(decodeRepeaterState('{"online":true,"battery":101}').ok).toBe(false);
    expect(decodeRepeaterState('{"online":true,"signal":"weak"}').ok).toBe(false);
  });
});

describe("serial lines (§3)", () => {
  it("decodes an event line to the same event an MQTT payload gives", () => {
    fc.assert(
      fc.property(goodEvent, (e) => {
        expect(decodeSerialLine(JSON.stringify(e))).toEqual({ ok: true, value: { type: "event", event: e } });
      }),
      { numRuns: 500 },
    );
  });

  it("reads repeater and hello lines, rejects the rest", () => {
    expect(decodeSerialLine('{"repeater":"R1","online":false}')).toEqual({
      ok: true,
      value: { type: "repeater", id: "R1", state: { online: false } },
    });
    expect(decodeSerialLine('{"hello":"opentt-dongle 1.2"}')).toEqual({
      ok: true,
      value: { type: "hello", firmware: "opentt-dongle 1.2" },
    });
    expect(decodeSerialLine('{"tracker":12,"event":"seen"}').ok).toBe(false);
    expect(decodeSerialLine('{"repeater":"a/b","online":true}').ok).toBe(false);
    expect(decodeSerialLine('{"event":"seen"}').ok).toBe(false);
  });

  it("writes commands as one JSON line", () => {
    expect(encodeSerialCommand("12", pageCommand(true, true))).toBe('{"tracker":"12","page":true,"tracking":true}\n');
    expect(encodeSerialCommand("12", pageCommand(false))).toBe('{"tracker":"12","page":false}\n');
    expect(encodeCommand(pageCommand(true, false))).toBe('{"page":true,"tracking":false}');
  });
});

describe("topics (§2)", () => {
  it("matches event and repeater topics under the base only", () => {
    expect(matchTopic("site/a", "site/a/tracker/12/event")).toEqual({ type: "event", tracker: "12" });
    expect(matchTopic("site/a", "site/a/repeater/R1/state")).toEqual({ type: "repeater", id: "R1" });
    expect(matchTopic("site/a", "site/a/tracker/12/set")).toEqual({ type: "other" });
    expect(matchTopic("site/a", "site/b/tracker/12/event")).toEqual({ type: "other" });
  });
});
