// A per-hour chart drawn with uPlot: bars (orders) or a line (average delivery, with the target
// as a dashed line). Times are gateway-local on a zone-free axis, so uPlot is told to read them as
// UTC. Redrawn when the data changes; resized with its container. uPlot is fetched on first use,
// so the live board never downloads it.
import { html } from "htm/preact";
import { useEffect, useRef } from "preact/hooks";
import type uPlot from "uplot";
import { dateTime, t } from "../i18n/index.js";

let loading: Promise<typeof uPlot> | undefined;
const loadUPlot = () => {
  loading ??= import("uplot").then((m) => m.default);
  return loading;
};

export interface HourlyChartProps {
  title: string;
  hours: number[];
  values: (number | null)[];
  kind: "bars" | "line";
  /** Drawn as a dashed line (the target delivery time). */
  reference?: number;
  /** Formats a y value (axis and legend). */
  format(v: number): string;
  color: string;
  /** Tick steps for the y axis (default: uPlot's own). */
  incrs?: number[];
}

export function HourlyChart(p: HourlyChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let plot: uPlot | undefined;
    let ro: ResizeObserver | undefined;
    let live = true;
    loadUPlot().then((UPlot) => {
      const el = box.current;
      if (live && el) [plot, ro] = draw(UPlot, el, p);
    });
    return () => {
      live = false;
      ro?.disconnect();
      plot?.destroy();
    };
  }, [p.hours, p.values, p.kind, p.reference, p.color, p.title, p.format, p.incrs]);
  // How many hours carry a figure, on the element: a canvas cannot be read back to see data arrived.
  const filled = p.values.filter((v) => v !== null && v > 0).length;
  return html`<figure class="chart">
    <figcaption>${p.title}</figcaption>
    <div ref=${box} class="chart-box" data-chart=${p.title} data-filled=${filled}></div>
  </figure>`;
}

function draw(UPlot: typeof uPlot, el: HTMLElement, p: HourlyChartProps): [uPlot, ResizeObserver] {
  const width = () => Math.max(240, el.clientWidth);
  const fmt = (_u: uPlot, v: number | null) => (v === null || v === undefined ? "—" : p.format(v));
  // Hours on the axis and in the legend by Intl for the screen's language, not uPlot's English names.
  const series: uPlot.Series[] = [
    { value: (_u, v) => (v === null || v === undefined ? "—" : dateTime(v * 1000, "short")) },
    {
      label: p.title,
      stroke: p.color,
      fill: p.kind === "bars" ? `${p.color}aa` : undefined,
      width: p.kind === "bars" ? 0 : 2,
      paths: p.kind === "bars" ? UPlot.paths.bars?.({ size: [0.8, 40] }) : undefined,
      points: { show: p.kind === "line" },
      spanGaps: false,
      value: fmt,
    },
  ];
  const data: uPlot.AlignedData = [p.hours, p.values];
  if (p.reference !== undefined) {
    const ref = p.reference;
    series.push({
      label: t().target,
      stroke: "#e5534b",
      dash: [6, 6],
      width: 1.5,
      points: { show: false },
      value: fmt,
    });
    (data as (number | null)[][]).push(p.hours.map(() => ref));
  }
  const plot = new UPlot(
    {
      width: width(),
      height: 220,
      tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      series,
      scales: { y: { range: (_u, _min, max) => [0, Math.max(max, p.reference ?? 0, 1) * 1.1] } },
      axes: [
        {
          stroke: "#9aa4b2",
          grid: { stroke: "#ffffff14" },
          ticks: { stroke: "#ffffff14" },
          values: (_u, vals, _axis, _space, incr) =>
            vals.map((v) => dateTime(v * 1000, incr >= 86_400 ? "day" : "time")),
        },
        {
          stroke: "#9aa4b2",
          grid: { stroke: "#ffffff14" },
          ticks: { stroke: "#ffffff14" },
          size: 56,
          incrs: p.incrs,
          values: (_u, vals) => vals.map((v) => p.format(v)),
        },
      ],
      legend: { live: true },
      cursor: { points: { show: p.kind === "line" } },
    },
    data,
    el,
  );
  const ro = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
  ro.observe(el);
  return [plot, ro];
}
