// Says plainly when the radio (MQTT broker, serial port, LRS upstream) is offline: which one,
// why and since when, and that paging waits for it while orders keep working. The Page buttons
// use pageBlockedReason() for their tooltip, since paging would answer 503 / -13 meanwhile.
import { html } from "htm/preact";
import type { RadioStatus } from "../../../src/sdk/index.js";
import { t } from "../i18n/index.js";
import { isRadioDown } from "../lib/radio.js";
import { shortDateTime } from "../lib/time.js";

const kindName = (r: RadioStatus) => t().radio.kind[r.kind];
const reason = (r: RadioStatus) => r.lastError ?? t().radio.noReason;

/** Why a Page button is disabled now, or null when paging can reach the trackers. */
export function pageBlockedReason(radio: RadioStatus | null): string | null {
  if (radio === null || radio.online) return null;
  if (radio.kind === "none") return t().radio.pageNoRadio;
  return t().radio.pageOffline(kindName(radio), reason(radio));
}

export function RadioBanner(props: { radio: RadioStatus | null }) {
  const r = props.radio;
  if (!r || !isRadioDown(r)) return null;
  return html`<div class="banner banner-radio" role="alert" data-radio="offline" data-radio-kind=${r.kind}>
    <strong>${t().radio.title}: ${kindName(r)}</strong>
    <span class="radio-url">${r.url}</span>
    <span>— <span data-radio-reason>${reason(r)}</span>, ${t().radio.since} <time data-radio-since
      datetime=${r.since}>${shortDateTime(r.since)}</time>.</span>
    <span>${t().radio.consequence}</span>
  </div>`;
}
