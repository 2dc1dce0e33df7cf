// One active order on the live board: the tracker number large enough to read across a kitchen,
// its table, type and state, the elapsed time ticking and coloured against the target.
import { html } from "htm/preact";
import type { ActiveOrder } from "../../../src/protocol/wire.js";
import { digits, formatDuration } from "../lib/time.js";
import { type Urgency, urgency } from "../lib/urgency.js";

export interface OrderCardProps {
  order: ActiveOrder;
  elapsed: number;
  target: number;
  /** The order's tracker is vibrating right now (from the tracker inventory). */
  paging: boolean;
  /** The gateway has seen the order's tracker, so it can page it (spec §2). */
  trackerSeen: boolean;
  /** Why paging cannot reach the trackers now (the radio is offline), or null. */
  pageBlocked: string | null;
  busy: boolean;
  /** [opentt] Seconds since the kitchen marked it ready; null when not ready. */
  readyWait: number | null;
  onReady(): void;
  onUnready(): void;
  /** Just opened from the tables layout: highlighted for a moment. */
  focused?: boolean;
  onPage(): void;
  onUnpage(): void;
  onClear(): void;
}

const URGENCY_LABEL: Record<Urgency, string> = { ok: "on time", warn: "nearly late", late: "late" };

export function OrderCard(p: OrderCardProps) {
  const o = p.order;
  const u = urgency(p.elapsed, p.target);
  const ready = p.readyWait !== null;
  return html`<article class=${`card urgency-${u}${p.focused ? " focused" : ""}${ready ? " is-ready" : ""}`}
    data-order=${o.name} data-urgency=${u} data-state=${o.state} data-ready=${ready ? "yes" : "no"}>
    <header class="card-head">
      <span class="card-number" style=${digits(o.name)} aria-label=${`Order ${o.name}`}>${o.name}</span>
      <span class="card-elapsed" title=${`Elapsed, ${URGENCY_LABEL[u]} (target ${formatDuration(p.target)})`}
        >${formatDuration(p.elapsed)}</span
      >
    </header>
    <div class="card-table">
      ${o.locationName ? html`Table <b style=${digits(o.locationName)}>${o.locationName}</b>` : html`<span class="muted">No table yet</span>`}
    </div>
    <div class="card-tags">
      ${ready ? html`<span class="tag tag-ready" data-ready-wait title="Food ready, waiting for a runner">Ready ${formatDuration(p.readyWait)}</span>` : null}
      <span class="tag">${o.orderType === "TO_GO" ? "To go" : "On premise"}</span>
      <span class=${`tag state-${o.state}`}>${o.state}</span>
      ${
        p.paging
          ? html`<span class="tag tag-paging" data-paged="paging">Paging…</span>`
          : o.paged
            ? html`<span class="tag tag-paged" data-paged="yes">Paged</span>`
            : null
      }
      ${
        p.trackerSeen || p.paging
          ? null
          : html`<span class="tag tag-no-tracker" id=${`no-tracker-${o.name}`} data-no-tracker
              title="The gateway can page only a tracker it has seen: on a dock or on the floor"
              >Tracker ${o.name} not seen yet: can't page</span>`
      }
    </div>
    <footer class="card-actions">
      ${
        p.paging
          ? html`<button class="secondary" disabled=${p.busy} onClick=${p.onUnpage} data-action="unpage">Unpage</button>`
          : html`<button class="secondary" disabled=${p.busy || !p.trackerSeen || p.pageBlocked !== null}
              onClick=${p.onPage} data-action="page" title=${p.pageBlocked ?? undefined}
              aria-describedby=${p.trackerSeen ? undefined : `no-tracker-${o.name}`}>Page</button>`
      }
      ${
        ready
          ? html`<button class="secondary" disabled=${p.busy} onClick=${p.onUnready} data-action="unready">Not ready</button>`
          : html`<button class="secondary" disabled=${p.busy} onClick=${p.onReady} data-action="ready">Ready</button>`
      }
      <button class="danger-outline" disabled=${p.busy} onClick=${p.onClear} data-action="clear">Clear</button>
    </footer>
  </article>`;
}
