// radio.md §3 framing: newline-delimited lines from a serial byte stream. A line over 1 KiB is
// discarded up to its newline (reported once), so a noisy port cannot grow memory.
import { MAX_RADIO_PAYLOAD } from "./radio.js";

export type LineOutcome = { line: Buffer } | { tooLong: number };

export class LineSplitter {
  #parts: Buffer[] = [];
  #size = 0;
  /** Bytes of an over-long line being skipped until its newline; -1 when not skipping. */
  #skipping = -1;

  /** Feeds bytes; returns the complete lines (without "\n" or "\r\n") and the over-long ones. */
  push(chunk: Buffer): LineOutcome[] {
    const out: LineOutcome[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, nl === -1 ? chunk.length : nl);
      if (this.#skipping >= 0) this.#skipping += piece.length;
      else if (this.#size + piece.length > MAX_RADIO_PAYLOAD + 1) {
        this.#skipping = this.#size + piece.length;
        this.#parts = [];
        this.#size = 0;
      } else if (piece.length > 0) {
        this.#parts.push(piece);
        this.#size += piece.length;
      }
      if (nl === -1) return out;
      if (this.#skipping >= 0) {
        out.push({ tooLong: this.#skipping });
        this.#skipping = -1;
      } else {
        let line = Buffer.concat(this.#parts, this.#size);
        if (line.at(-1) === 0x0d) line = line.subarray(0, -1);
        this.#parts = [];
        this.#size = 0;
        if (line.length > MAX_RADIO_PAYLOAD) out.push({ tooLong: line.length });
        else if (line.length > 0) out.push({ line });
      }
      start = nl + 1;
    }
  }

  /** Forgets a partial line (the port closed mid-line). */
  reset(): void {
    this.#parts = [];
    this.#size = 0;
    this.#skipping = -1;
  }
}
