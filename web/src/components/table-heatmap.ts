// Where waits are longest: one tile per table, coloured by its average delivery time against the
// target (green → yellow → red), with the count of deliveries. The gateway counts them per table.
import { html } from "htm/preact";
import type { RangeStatistics } from "../../../src/protocol/wire.js";
import { formatDuration } from "../lib/time.js";

/** Hue from green (120) at zero to red (0) at 1.5× the target. */
function heatColor(seconds: number, target: number): string {
  const f = Math.min(1, seconds / (target * 1.5 || 1));
  return `hsl(${Math.round(120 * (1 - f))} 70% 38%)`;
}

export function TableHeatmap(props: { tables: RangeStatistics["tables"]; target: number }) {
  if (props.tables.length === 0) return html`<p class="muted">No delivered orders at tables in this range.</p>`;
  const worst = [...props.tables].sort((a, b) => b.averageSeconds - a.averageSeconds)[0]!;
  return html`<div>
    <p class="muted">
      Longest average wait: table <b>${worst.locationName}</b> (${formatDuration(worst.averageSeconds)} over ${worst.orders}
      ${worst.orders === 1 ? " order" : " orders"}).
    </p>
    <div class="heatmap" role="list">
      ${props.tables.map(
        (t) =>
          html`<div
            role="listitem"
            class="heat"
            data-table=${t.locationName}
            style=${{ background: heatColor(t.averageSeconds, props.target) }}
            title=${`Table ${t.locationName}: ${t.orders} ${t.orders === 1 ? "delivery" : "deliveries"}, average ${formatDuration(t.averageSeconds)}`}
          >
            <span class="heat-table">${t.locationName}</span>
            <span class="heat-avg">${formatDuration(t.averageSeconds)}</span>
            <span class="heat-n">${t.orders}×</span>
          </div>`,
      )}
    </div>
  </div>`;
}
