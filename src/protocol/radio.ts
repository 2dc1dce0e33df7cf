// The radio contract's messages (radio.md §1-§3, §5): the same checks for MQTT payloads and
// serial lines, so a payload one transport rejects the other rejects too. Pure: no I/O.
import type { OrderType } from "./wire.js";

/** radio.md §1: a payload over 1 KiB is rejected (serial: discarded up to its newline). */
export const MAX_RADIO_PAYLOAD = 1024;
/** radio.md §2: the base topic when the URL has no path. */
export const DEFAULT_BASE_TOPIC = "opentt";

const TRACKER_NAME = /^[0-9]{1,9}$/;
/** [opentt] Repeater ids are one topic level of plain characters (a Zigbee EUI-64, a MAC, a name). */
const REPEATER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const ORDER_TYPES: readonly string[] = ["ON_PREMISE", "TO_GO"];

/** A tracker's report (radio.md §1), `ts` as sent (the gateway decides what time it means). */
export type RadioEvent =
  | { event: "started"; tracker: string; orderType?: OrderType; battery?: number; ts?: number }
  | { event: "located"; tracker: string; table: string; battery?: number; ts?: number }
  | { event: "docked"; tracker: string; battery?: number; ts?: number }
  | { event: "seen"; tracker: string; battery?: number; ts?: number };

export interface RepeaterReport {
  online: boolean;
  battery?: number;
  signal?: number;
}

/** A gateway → tracker command (radio.md §1). */
export type RadioCommand = { page: true; tracking: boolean } | { page: false };

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** One serial line, decoded (radio.md §3). */
export type SerialMessage =
  | { type: "event"; event: RadioEvent }
  | { type: "repeater"; id: string; state: RepeaterReport }
  | { type: "hello"; firmware: string };

/** §5: what `GET /api/v2/radio` returns under `radio`. */
export interface RadioStatus {
  kind: "mqtt" | "serial" | "lrs" | "sim" | "none";
  online: boolean;
  since: string;
  url: string;
  events: number;
  rejected: number;
  stale: number;
  lastError: string | null;
}

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

const utf8 = new TextDecoder("utf-8", { fatal: true });
// protocol is shared with the browser (no Node globals): TextEncoder measures a string's bytes.
const utf8Bytes = new TextEncoder();

/** Bytes or text → a JSON object, or why not. */
export function decodeObject(payload: Uint8Array | string): Decoded<Record<string, unknown>> {
  const size = typeof payload === "string" ? utf8Bytes.encode(payload).byteLength : payload.byteLength;
  if (size > MAX_RADIO_PAYLOAD) return fail(`payload of ${size} bytes is over ${MAX_RADIO_PAYLOAD}`);
  let text: string;
  try {
    text = typeof payload === "string" ? payload : utf8.decode(payload);
  } catch {
    return fail("payload is not UTF-8");
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return fail("payload is not JSON");
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return fail("payload is not a JSON object");
  return { ok: true, value: v as Record<string, unknown> };
}

export const BAD_TRACKER = fail("tracker number must be 1-9 digits");
export const BAD_REPEATER = fail("repeater id must be 1-64 letters, digits or _.:-");

export function isTrackerName(v: unknown): v is string {
  return typeof v === "string" && TRACKER_NAME.test(v);
}

export function isRepeaterId(v: unknown): v is string {
  return typeof v === "string" && REPEATER_ID.test(v);
}

const isBattery = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100;

/** The fields of an event object (tracker number already known). */
function parseEvent(o: Record<string, unknown>, tracker: unknown): Decoded<RadioEvent> {
  if (!isTrackerName(tracker)) return BAD_TRACKER;
  const common: { tracker: string; battery?: number; ts?: number } = { tracker };
  if (o.battery !== undefined) {
    if (!isBattery(o.battery)) return fail("battery must be an integer 0-100");
    common.battery = o.battery;
  }
  if (o.ts !== undefined) {
    if (typeof o.ts !== "number" || !Number.isSafeInteger(o.ts) || o.ts < 0)
      return fail("ts must be Unix epoch milliseconds (a non-negative integer)");
    common.ts = o.ts;
  }
  switch (o.event) {
    case "started":
      if (o.orderType === undefined) return { ok: true, value: { event: "started", ...common } };
      if (typeof o.orderType !== "string" || !ORDER_TYPES.includes(o.orderType))
        return fail("orderType must be ON_PREMISE or TO_GO");
      return { ok: true, value: { event: "started", ...common, orderType: o.orderType as OrderType } };
    case "located":
      if (!isTrackerName(o.table)) return fail("table must be a string of 1-9 digits");
      return { ok: true, value: { event: "located", ...common, table: o.table } };
    case "docked":
    case "seen":
      return { ok: true, value: { event: o.event, ...common } };
    default:
      return fail("event must be started, located, docked or seen");
  }
}

/** An MQTT event payload of tracker `tracker` (the number from the topic). */
export function decodeEvent(payload: Uint8Array | string, tracker: string): Decoded<RadioEvent> {
  const o = decodeObject(payload);
  return o.ok ? parseEvent(o.value, tracker) : o;
}

function parseRepeaterState(o: Record<string, unknown>): Decoded<RepeaterReport> {
  if (typeof o.online !== "boolean") return fail("online must be true or false");
  const r: RepeaterReport = { online: o.online };
  if (o.battery !== undefined) {
    if (!isBattery(o.battery)) return fail("battery must be an integer 0-100");
    r.battery = o.battery;
  }
  if (o.signal !== undefined) {
    if (typeof o.signal !== "number" || !Number.isFinite(o.signal)) return fail("signal must be a number (dBm)");
    r.signal = o.signal;
  }
  return { ok: true, value: r };
}

export function decodeRepeaterState(payload: Uint8Array | string): Decoded<RepeaterReport> {
  const o = decodeObject(payload);
  return o.ok ? parseRepeaterState(o.value) : o;
}

/** One serial line without its newline (radio.md §3). */
export function decodeSerialLine(line: Uint8Array | string): Decoded<SerialMessage> {
  const d = decodeObject(line);
  if (!d.ok) return d;
  const o = d.value;
  if (o.tracker !== undefined) {
    const e = parseEvent(o, o.tracker);
    return e.ok ? { ok: true, value: { type: "event", event: e.value } } : e;
  }
  if (o.repeater !== undefined) {
    if (!isRepeaterId(o.repeater)) return BAD_REPEATER;
    const s = parseRepeaterState(o);
    return s.ok ? { ok: true, value: { type: "repeater", id: o.repeater, state: s.value } } : s;
  }
  if (typeof o.hello === "string") return { ok: true, value: { type: "hello", firmware: o.hello } };
  return fail('a line must carry "tracker", "repeater" or "hello"');
}

export function pageCommand(on: boolean, tracking = true): RadioCommand {
  return on ? { page: true, tracking } : { page: false };
}

export function encodeCommand(c: RadioCommand): string {
  return JSON.stringify(c);
}

export function encodeSerialCommand(tracker: string, c: RadioCommand): string {
  return `${JSON.stringify({ tracker, ...c })}\n`;
}

/** radio.md §2: the topics under one base. */
export function mqttTopics(base: string) {
  return {
    state: `${base}/gateway/state`,
    pairing: `${base}/gateway/pairing`,
    events: `${base}/tracker/+/event`,
    repeaters: `${base}/repeater/+/state`,
    set: (tracker: string) => `${base}/tracker/${tracker}/set`,
    event: (tracker: string) => `${base}/tracker/${tracker}/event`,
    repeater: (id: string) => `${base}/repeater/${id}/state`,
  };
}

export type TopicMatch = { type: "event"; tracker: string } | { type: "repeater"; id: string } | { type: "other" };

/** Which §2 topic `topic` is; the tracker or repeater part is returned unchecked. */
export function matchTopic(base: string, topic: string): TopicMatch {
  if (!topic.startsWith(`${base}/`)) return { type: "other" };
  const parts = topic.slice(base.length + 1).split("/");
  if (parts.length === 3 && parts[0] === "tracker" && parts[2] === "event")
    return { type: "event", tracker: parts[1] as string };
  if (parts.length === 3 && parts[0] === "repeater" && parts[2] === "state")
    return { type: "repeater", id: parts[1] as string };
  return { type: "other" };
}
