// The board as a floor plan for a glance from the pass: one tile per table with its orders,
// coloured by the latest of them, and a strip of orders not yet at a table. Actions stay on the
// cards view; a tap on an order opens it there.
import { html } from "htm/preact";
import type { ActiveOrder } from "../../../src/protocol/wire.js";
import { digits, formatDuration } from "../lib/time.js";
import { type Urgency, urgency } from "../lib/urgency.js";
import { t } from "../i18n/index.js";

export interface GridRow {
  o: ActiveOrder;
  elapsed: number;
}

const RANK: Record<Urgency, number> = { ok: 0, warn: 1, late: 2 };

function Chip(props: { row: GridRow; target: number; onOpen(name: string): void }) {
  const { o, elapsed } = props.row;
  const u = urgency(elapsed, props.target);
  return html`<button class=${`chip urgency-${u}`} data-chip=${o.name} onClick=${() => props.onOpen(o.name)}>
    <b style=${digits(o.name)}>${o.name}</b> <span class="chip-time">${formatDuration(elapsed)}</span>${o.paged ? html` <span class="chip-paged">${t().pagedChip}</span>` : null}
  </button>`;
}

export function TableGrid(props: { rows: readonly GridRow[]; target: number; onOpen(name: string): void }) {
  const byTable = new Map<string, GridRow[]>();
  const waiting: GridRow[] = [];
  for (const r of props.rows) {
    if (!r.o.locationName) waiting.push(r);
    else byTable.set(r.o.locationName, [...(byTable.get(r.o.locationName) ?? []), r]);
  }
  const tables = [...byTable.entries()].sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b));
  return html`<div class="table-grid">
    ${
      waiting.length > 0
        ? html`<div class="waiting-strip" data-waiting-strip>
          <span class="muted">${t().noTableYet}</span>
          ${waiting.map((r) => html`<${Chip} key=${r.o.uuid} row=${r} target=${props.target} onOpen=${props.onOpen} />`)}
        </div>`
        : null
    }
    <div class="tables">
      ${tables.map(([table, rows]) => {
        const worst = rows.reduce<Urgency>((w, r) => {
          const u = urgency(r.elapsed, props.target);
          return RANK[u] > RANK[w] ? u : w;
        }, "ok");
        return html`<div key=${table} class=${`table-tile urgency-${worst}`} data-grid-table=${table}>
          <span class="table-tile-name" style=${digits(table)}>${table}</span>
          <div class="table-tile-orders">
            ${rows.map((r) => html`<${Chip} key=${r.o.uuid} row=${r} target=${props.target} onOpen=${props.onOpen} />`)}
          </div>
        </div>`;
      })}
    </div>
  </div>`;
}
