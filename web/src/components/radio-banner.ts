// Says plainly when the radio (MQTT broker, serial port, LRS upstream) is offline: which one,
// why and since when, and that paging waits for it while orders keep working. The Page buttons
// use pageBlockedReason() for their tooltip, since paging would answer 503 / -13 meanwhile.
import { html } from "htm/preact";
import type { RadioStatus } from "../../../src/sdk/index.js";
import { isRadioDown } from "../lib/radio.js";

// Every string this component shows, together so a message catalogue can take them whole.
const RADIO_STRINGS = {
  kind: {
    mqtt: "MQTT broker",
    serial: "serial radio",
    lrs: "LRS gateway (bridge)",
    sim: "simulated floor",
    none: "radio",
  },
  title: "Radio offline",
  since: "since",
  noReason: "no reason given",
  consequence: "Orders still work; paging is unavailable until the radio is back.",
  pageOffline: (kind: string, reason: string) => `Paging is unavailable: the ${kind} is offline (${reason}).`,
  pageNoRadio: "Paging is unavailable: this gateway has no radio attached (start it with --radio).",
} as const;

const kindName = (r: RadioStatus) => RADIO_STRINGS.kind[r.kind];
const reason = (r: RadioStatus) => r.lastError ?? RADIO_STRINGS.noReason;

/** Why a Page button is disabled now, or null when paging can reach the trackers. */
export function pageBlockedReason(radio: RadioStatus | null): string | null {
  if (radio === null || radio.online) return null;
  if (radio.kind === "none") return RADIO_STRINGS.pageNoRadio;
  return RADIO_STRINGS.pageOffline(kindName(radio), reason(radio));
}

export function RadioBanner(props: { radio: RadioStatus | null }) {
  const r = props.radio;
  if (!r || !isRadioDown(r)) return null;
  return html`<div class="banner banner-radio" role="alert" data-radio="offline" data-radio-kind=${r.kind}>
    <strong>${RADIO_STRINGS.title}: ${kindName(r)}</strong>
    <span class="radio-url">${r.url}</span>
    <span>— <span data-radio-reason>${reason(r)}</span>, ${RADIO_STRINGS.since} <time data-radio-since
      datetime=${r.since}>${r.since.replace("T", " ")}</time>.</span>
    <span>${RADIO_STRINGS.consequence}</span>
  </div>`;
}
