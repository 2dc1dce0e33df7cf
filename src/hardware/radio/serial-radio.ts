// The serial radio (radio.md §3): a USB dongle speaking newline-delimited JSON. When the port
// vanishes (unplugged) the radio is offline and the port is reopened every 2 s; on reopening,
// the pages that are on are written again, since the dongle may have lost them.
// serialport (and its native binding) is imported when this radio starts, not by every gateway.
import type { SerialPort } from "serialport";
import type { FloorEvent } from "../../domain/floor.js";
import { decodeSerialLine, encodeSerialCommand, pageCommand } from "../../protocol/radio.js";
import { LineSplitter } from "../../protocol/serial-lines.js";
import type { RepeaterState, TrackerDevice } from "../device.js";
import type { RadioDeps } from "./radio-deps.js";
import { RadioRepeaters } from "./radio-repeaters.js";
import type { RadioSpec } from "./radio-url.js";

/** radio.md §3: how often a vanished port is tried again. */
const REOPEN_MS = 2_000;

export interface SerialRadioOptions extends Pick<RadioDeps, "link" | "clock"> {
  spec: Extract<RadioSpec, { kind: "serial" }>;
}

export class SerialRadio implements TrackerDevice {
  readonly #o: SerialRadioOptions;
  readonly #repeaters = new RadioRepeaters("SERIAL-REPEATER");
  readonly #paging = new Map<string, { on: boolean; tracking: boolean }>();
  readonly #lines = new LineSplitter();
  #port?: SerialPort;
  #reopen?: NodeJS.Timeout;
  #stopped = false;
  /** The dongle's firmware, from its hello line. */
  firmware: string | null = null;

  constructor(o: SerialRadioOptions) {
    this.#o = o;
  }

  get online(): boolean {
    return this.#o.link.online;
  }

  async start(onEvent: (e: FloorEvent) => void): Promise<void> {
    this.#stopped = false;
    this.#o.link.attach(onEvent);
    // A missing port is not fatal: the gateway serves orders and keeps trying the port.
    await this.#open();
  }

  async #open(): Promise<void> {
    const { spec, link } = this.#o;
    const { SerialPort } = await import("serialport");
    return new Promise((resolve) => {
      const port = new SerialPort({ path: spec.path, baudRate: spec.baud, autoOpen: false });
      port.open((err) => {
        if (err) {
          link.setOnline(false, `cannot open ${spec.path}: ${err.message}`);
          this.#scheduleReopen();
        } else if (this.#stopped) {
          port.close();
        } else {
          this.#port = port;
          this.#lines.reset();
          link.setOnline(true);
          for (const [tracker, p] of this.#paging) if (p.on) this.#write(tracker, true, p.tracking);
        }
        resolve();
      });
      port.on("data", (chunk: Buffer) => this.#onData(chunk));
      port.on("error", (e) => link.setOnline(false, `${spec.path}: ${e.message}`));
      port.on("close", () => {
        if (this.#port !== port) return;
        this.#port = undefined;
        if (this.#stopped) return;
        link.setOnline(false, `${spec.path} closed (unplugged?)`);
        this.#scheduleReopen();
      });
    });
  }

  #scheduleReopen(): void {
    if (this.#stopped) return;
    clearTimeout(this.#reopen);
    this.#reopen = setTimeout(() => void this.#open(), REOPEN_MS);
    this.#reopen.unref();
  }

  #onData(chunk: Buffer): void {
    const { link, spec } = this.#o;
    for (const o of this.#lines.push(chunk)) {
      if ("tooLong" in o) {
        link.reject(`a line of ${o.tooLong} bytes is over 1024`, spec.path);
        continue;
      }
      const d = decodeSerialLine(o.line);
      if (!d.ok) link.reject(d.reason, spec.path);
      else if (d.value.type === "event") link.receive({ ok: true, value: d.value.event }, spec.path);
      else if (d.value.type === "repeater") this.#repeaters.report(d.value.id, d.value.state, this.#o.clock.now());
      else this.firmware = d.value.firmware;
    }
  }

  #write(tracker: string, on: boolean, tracking: boolean): void {
    this.#port?.write(encodeSerialCommand(tracker, pageCommand(on, tracking)));
  }

  setPaging(tracker: string, on: boolean, tracking = true): void {
    this.#paging.set(tracker, { on, tracking });
    this.#write(tracker, on, tracking);
  }

  isPaging(tracker: string): boolean {
    return this.#paging.get(tracker)?.on ?? false;
  }

  repeaters(_refresh: boolean): RepeaterState[] {
    return this.#repeaters.list();
  }

  clearRepeaters(): void {
    this.#repeaters.clear();
  }

  /** [opentt] radio.md §3 has no pairing message: repeaters pair on the dongle itself. */
  setPairing(_seconds: number): boolean {
    return false;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#reopen);
    const port = this.#port;
    this.#port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.#o.link.setOnline(false);
    this.#o.link.detach();
  }
}
