// Says plainly when the board is not live: the WebSocket to the gateway is down (and since when),
// or it has just come back. Staff must never trust a frozen board.
import { html } from "htm/preact";
import type { LiveOrders } from "../lib/live-orders.js";
import { formatDuration } from "../lib/time.js";
import { t } from "../i18n/index.js";

export function ConnectionBanner(props: { live: LiveOrders; now: number }) {
  const { live, now } = props;
  if (live.lostAt !== null) {
    return html`<div class="banner banner-lost" role="alert" data-connection="lost">
      <strong>${t().lostTitle}</strong>
      <span>${t().lostBody(formatDuration((now - live.lostAt) / 1000))}</span>
    </div>`;
  }
  if (live.status === "connecting") {
    return html`<div class="banner banner-wait" data-connection="connecting">${t().connecting}</div>`;
  }
  if (live.backAt !== null) {
    return html`<div class="banner banner-back" role="status" data-connection="back">
      <strong>${t().backTitle}</strong>${t().backBody}
    </div>`;
  }
  return null;
}
