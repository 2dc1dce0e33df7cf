// The shape every benchmark returns, and the table the runner prints and the README shows.
import { fmt } from "./stats.js";

export interface Metric {
  name: string;
  unit: string;
  /** opentt's figure (median of runs). */
  value: number;
  /** The side-by-side baseline's figure, when there is one for this metric. */
  baseline?: number;
  /** value ÷ baseline (or the ratio the benchmark defines; see its notes). */
  ratio?: number;
  /** Human target, e.g. "ratio ≥ 0.7" or "≤ 150 MB". */
  target?: string;
  pass?: boolean;
}

export interface BenchResult {
  id: string;
  title: string;
  /** What the baseline is, in one line. */
  baseline: string;
  metrics: Metric[];
  notes: string[];
}

export function metric(m: Metric): Metric {
  return m;
}

export function toMarkdown(results: readonly BenchResult[]): string {
  const rows = [
    "| # | benchmark | metric | opentt | baseline | ratio | target | met |",
    "|---|---|---|---:|---:|---:|---|---|",
  ];
  for (const r of results) {
    for (const m of r.metrics) {
      const met = m.pass === undefined ? "" : m.pass ? "yes" : "**no**";
      rows.push(
        `| ${r.id} | ${r.title} | ${m.name} | ${fmt(m.value)} ${m.unit} | ${m.baseline === undefined ? "" : `${fmt(m.baseline)} ${m.unit}`} | ${fmt(m.ratio)} | ${m.target ?? ""} | ${met} |`,
      );
    }
  }
  return rows.join("\n");
}

/** True when every number a result carries is finite (the smoke test's only check). */
export function allFinite(r: BenchResult): boolean {
  return r.metrics.every(
    (m) =>
      Number.isFinite(m.value) &&
      (m.baseline === undefined || Number.isFinite(m.baseline)) &&
      (m.ratio === undefined || Number.isFinite(m.ratio)),
  );
}
