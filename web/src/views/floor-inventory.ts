// The floor as the radio reports it, whichever radio is attached (simulated, MQTT, serial):
// every tracker with its state, table, battery and last report, and the repeaters.
import { html } from "htm/preact";
import type { RepeaterItem, TrackerItem } from "../../../src/protocol/wire.js";
import { percent, t } from "../i18n/index.js";
import { shortDateTime } from "../lib/time.js";

export function FloorInventory(props: {
  trackers: TrackerItem[];
  repeaters: RepeaterItem[];
  onPick?(name: string): void;
}) {
  const { trackers, repeaters, onPick } = props;
  return html`<div class="panel">
      <h2>${t().trackers}</h2>
      ${
        trackers.length === 0
          ? html`<p class="muted">${t().noTrackers}</p>`
          : html`<ul class="tracker-list">
            ${trackers.map(
              (tr) =>
                html`<li key=${tr.name} data-tracker=${tr.name}>
                  ${onPick ? html`<button class="link" onClick=${() => onPick(tr.name)}>#${tr.name}</button>` : html`<b>#${tr.name}</b>`}
                  <span class=${`tag tracker-${tr.status}`}>${t().trackerStates[tr.status] ?? tr.status}</span>
                  ${tr.locationName ? html`<span>${t().atTable(tr.locationName)}</span>` : null}
                  <span class="muted" data-battery>${percent(tr.battery / 100)}</span>
                  <span class="muted" data-last-seen data-time=${tr.lastSeen}>${t().seenAt(shortDateTime(tr.lastSeen))}</span>
                </li>`,
            )}
          </ul>`
      }
    </div>
    <div class="panel">
      <h2>${t().repeaters}</h2>
      ${
        repeaters.length === 0
          ? html`<p class="muted">${t().noRepeaters}</p>`
          : html`<ul class="tracker-list">
            ${repeaters.map(
              (r) =>
                html`<li key=${r.extendedAddress} data-repeater=${r.extendedAddress}>
                  <b>${r.label}</b>
                  <span class=${`tag ${r.status === "ACTIVE" ? "tracker-located" : "tracker-missing"}`}>${r.status}</span>
                  <span class="muted">${t().seenAt(shortDateTime(r.lastSeen))}</span>
                </li>`,
            )}
          </ul>`
      }
    </div>`;
}
