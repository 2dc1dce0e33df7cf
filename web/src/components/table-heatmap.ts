// Where waits are longest: one tile per table, coloured by its average delivery time against the
// target (green → yellow → red), with the order count and the worst wait.
import { html } from "htm/preact";
import type { TableHeat } from "../lib/stats-math.js";
import { formatDuration } from "../lib/time.js";

/** Hue from green (120) at zero to red (0) at 1.5× the target. */
export function heatColor(seconds: number, target: number): string {
  const f = Math.min(1, seconds / (target * 1.5 || 1));
  return `hsl(${Math.round(120 * (1 - f))} 70% 38%)`;
}

export function TableHeatmap(props: { tables: readonly TableHeat[]; target: number }) {
  if (props.tables.length === 0) return html`<p class="muted">No delivered orders at tables in this range.</p>`;
  const worst = [...props.tables].sort((a, b) => b.avgDelivery - a.avgDelivery)[0]!;
  return html`<div>
    <p class="muted">
      Longest average wait: table <b>${worst.table}</b> (${formatDuration(worst.avgDelivery)} over ${worst.orders}
      ${worst.orders === 1 ? " order" : " orders"}).
    </p>
    <div class="heatmap" role="list">
      ${props.tables.map(
        (t) =>
          html`<div
            role="listitem"
            class="heat"
            data-table=${t.table}
            style=${{ background: heatColor(t.avgDelivery, props.target) }}
            title=${`Table ${t.table}: ${t.orders} orders, average ${formatDuration(t.avgDelivery)}, worst ${formatDuration(t.maxDelivery)}`}
          >
            <span class="heat-table">${t.table}</span>
            <span class="heat-avg">${formatDuration(t.avgDelivery)}</span>
            <span class="heat-n">${t.orders}×</span>
          </div>`,
      )}
    </div>
  </div>`;
}
