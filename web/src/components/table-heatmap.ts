// Where waits are longest: one tile per table, coloured by its average delivery time against the
// target (green → yellow → red), with the count of deliveries. The gateway counts them per table.
import { html } from "htm/preact";
import type { RangeStatistics } from "../../../src/protocol/wire.js";
import { formatDuration } from "../lib/time.js";
import { num, plural, t } from "../i18n/index.js";

/** Hue from green (120) at zero to red (0) at 1.5× the target. */
function heatColor(seconds: number, target: number): string {
  const f = Math.min(1, seconds / (target * 1.5 || 1));
  return `hsl(${Math.round(120 * (1 - f))} 70% 38%)`;
}

export function TableHeatmap(props: { tables: RangeStatistics["tables"]; target: number }) {
  if (props.tables.length === 0) return html`<p class="muted">${t().heatEmpty}</p>`;
  const worst = [...props.tables].sort((a, b) => b.averageSeconds - a.averageSeconds)[0]!;
  return html`<div>
    <p class="muted" data-heat-worst=${worst.locationName}>
      ${t().heatWorst(worst.locationName, formatDuration(worst.averageSeconds), plural(worst.orders, t().rangeOrders))}
    </p>
    <div class="heatmap" role="list">
      ${props.tables.map(
        (tb) =>
          html`<div
            role="listitem"
            class="heat"
            data-table=${tb.locationName}
            style=${{ background: heatColor(tb.averageSeconds, props.target) }}
            title=${t().heatTile(tb.locationName, plural(tb.orders, t().deliveries), formatDuration(tb.averageSeconds))}
          >
            <span class="heat-table">${tb.locationName}</span>
            <span class="heat-avg">${formatDuration(tb.averageSeconds)}</span>
            <span class="heat-n">${num(tb.orders)}×</span>
          </div>`,
      )}
    </div>
  </div>`;
}
