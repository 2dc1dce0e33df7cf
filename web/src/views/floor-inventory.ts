// The floor as the radio reports it, whichever radio is attached (simulated, MQTT, serial):
// every tracker with its state, table, battery and last report, and the repeaters.
import { html } from "htm/preact";
import type { RepeaterItem, TrackerItem } from "../../../src/protocol/wire.js";

export function FloorInventory(props: {
  trackers: TrackerItem[];
  repeaters: RepeaterItem[];
  onPick?(name: string): void;
}) {
  const { trackers, repeaters, onPick } = props;
  return html`<div class="panel">
      <h2>Trackers</h2>
      ${
        trackers.length === 0
          ? html`<p class="muted">No tracker seen yet.</p>`
          : html`<ul class="tracker-list">
            ${trackers.map(
              (tr) =>
                html`<li key=${tr.name} data-tracker=${tr.name}>
                  ${onPick ? html`<button class="link" onClick=${() => onPick(tr.name)}>#${tr.name}</button>` : html`<b>#${tr.name}</b>`}
                  <span class=${`tag tracker-${tr.status}`}>${tr.status}</span>
                  ${tr.locationName ? html`<span>table ${tr.locationName}</span>` : null}
                  <span class="muted" data-battery>${tr.battery}%</span>
                  <span class="muted" data-last-seen>seen ${tr.lastSeen.replace("T", " ")}</span>
                </li>`,
            )}
          </ul>`
      }
    </div>
    <div class="panel">
      <h2>Repeaters</h2>
      ${
        repeaters.length === 0
          ? html`<p class="muted">No repeater reported.</p>`
          : html`<ul class="tracker-list">
            ${repeaters.map(
              (r) =>
                html`<li key=${r.extendedAddress} data-repeater=${r.extendedAddress}>
                  <b>${r.label}</b>
                  <span class=${`tag ${r.status === "ACTIVE" ? "tracker-located" : "tracker-missing"}`}>${r.status}</span>
                  <span class="muted">seen ${r.lastSeen.replace("T", " ")}</span>
                </li>`,
            )}
          </ul>`
      }
    </div>`;
}
