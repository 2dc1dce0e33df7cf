// Terminal output helpers: aligned tables, durations, colours, JSON. Every tabular command prints
// through table() (or fields(), its two-column form), so columns line up the same way everywhere.
import type { CliIo } from "./io.js";

export const ansi = {
  red: (s: string) => `\x1b[31m${s}\x1b[39m`,
  green: (s: string) => `\x1b[32m${s}\x1b[39m`,
  yellow: (s: string) => `\x1b[33m${s}\x1b[39m`,
  dim: (s: string) => `\x1b[2m${s}\x1b[22m`,
  bold: (s: string) => `\x1b[1m${s}\x1b[22m`,
};

/** Visible width: colour escapes take no room. */
function visibleLength(s: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point.
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").length;
}

export interface TableOptions {
  /** Per column; numbers read best right-aligned. Default: every column left. */
  align?: Array<"left" | "right">;
}

/**
 * Rows in columns two spaces apart, each as wide as its widest cell; cells may carry colour.
 * `header` null prints the rows alone. Trailing spaces are trimmed.
 */
export function table(header: string[] | null, rows: string[][], opts: TableOptions = {}): string {
  const all = header ? [header, ...rows] : rows;
  const columns = Math.max(0, ...all.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(0, ...all.map((r) => visibleLength(r[i] ?? ""))));
  const line = (cells: string[]) =>
    widths
      .map((w, i) => {
        const c = cells[i] ?? "";
        const pad = " ".repeat(w - visibleLength(c));
        return opts.align?.[i] === "right" ? pad + c : c + pad;
      })
      .join("  ")
      .trimEnd();
  return all.map((r) => `${line(r)}\n`).join("");
}

/** "Label: value" lines with the values in one column; figures read best aligned "right". */
export function fields(pairs: Array<[label: string, value: string]>, values: "left" | "right" = "left"): string {
  return table(
    null,
    pairs.map(([label, value]) => [`${label}:`, value]),
    { align: ["left", values] },
  );
}

/** 75 → "1:15", 3725 → "1:02:05". */
/** Durations read like the dashboard's (one rule, src/protocol/order-timing.ts). */
export { clockDuration as duration } from "../protocol/order-timing.js";

export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
