// The floor: the trackers and repeaters the radio reports, whichever radio is attached; with
// --radio sim also the simulated floor's controls (start a tracker, set it on a table, put it on
// the clearing dock, press the button, move the clock) so a newcomer running `npm start` sees
// every part of the system move. Each sim action goes through the /sim routes via the SDK.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { RepeaterItem, TrackerItem } from "../../../src/protocol/wire.js";
import type { SimClock } from "../../../src/sdk/index.js";
import { useApp } from "../app-context.js";
import { errorText } from "../lib/errors.js";
import { FloorInventory } from "./floor-inventory.js";
import { dateTime, num, t } from "../i18n/index.js";
import { parseLocal } from "../lib/time.js";

/** The last tracker and table typed, kept while the tab lives so a trip to the board loses nothing. */
const remembered = { tracker: "1", table: "12" };

export function FloorView(props: { events: number; onClockMoved(): void }) {
  const app = useApp();
  const [tracker, setTrackerState] = useState(remembered.tracker);
  const [table, setTableState] = useState(remembered.table);
  const setTracker = (v: string) => {
    remembered.tracker = v;
    setTrackerState(v);
  };
  const setTable = (v: string) => {
    remembered.table = v;
    setTableState(v);
  };
  const [clock, setClock] = useState<SimClock | null>(null);
  const [trackers, setTrackers] = useState<TrackerItem[]>([]);
  const [repeaters, setRepeaters] = useState<RepeaterItem[]>([]);

  const refresh = useCallback(() => {
    if (app.sim) app.client.sim.clock().then(setClock, () => undefined);
    app.client.trackers().then(setTrackers, () => undefined);
    app.client.repeaters().then(setRepeaters, () => undefined);
  }, [app.client, app.sim]);
  useEffect(() => {
    refresh();
  }, [refresh, props.events]);

  const run = (label: string, fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
      app.notify(label, "success");
      refresh();
    } catch (e) {
      app.notify(errorText(e), "error");
    }
  };
  const n = tracker.trim();
  const tb = table.trim();

  if (app.sim === false) {
    return html`<section class="view floor" aria-labelledby="floor-title">
      <div class="view-head"><h1 id="floor-title">${t().floorTitle}</h1></div>
      <div class="floor-grid"><${FloorInventory} trackers=${trackers} repeaters=${repeaters} /></div>
    </section>`;
  }
  return html`<section class="view floor" aria-labelledby="floor-title">
    <div class="view-head">
      <h1 id="floor-title">${t().simFloorTitle}</h1>
      <p class="summary">${t().gatewayClock} <b data-clock data-time=${clock?.time}>${clock ? dateTime(parseLocal(clock.time), "full") : "…"}</b></p>
    </div>
    <div class="floor-grid">
      <div class="panel">
        <h2>${t().journeyTitle}</h2>
        <p class="muted">
          ${t().journey(n || "?", tb || "?")}
        </p>
        <div class="filters">
          <label>${t().tracker} <input name="tracker" inputmode="numeric" size="5" value=${tracker}
            onInput=${(e: Event) => setTracker((e.currentTarget as HTMLInputElement).value)} /></label>
          <label>${t().table} <input name="table" inputmode="numeric" size="5" value=${table}
            onInput=${(e: Event) => setTable((e.currentTarget as HTMLInputElement).value)} /></label>
        </div>
        <div class="button-row">
          <button class="primary" data-sim="start" onClick=${run(t().simStarted(n), () => app.client.sim.startTracker(n))}>
            ${t().simStart}
          </button>
          <button class="primary" data-sim="locate"
            onClick=${run(t().simLocated(n, tb), () => app.client.sim.locateTracker(n, tb))}>${t().simLocate}</button>
          <button class="primary" data-sim="clear" onClick=${run(t().simDocked(n), () => app.client.sim.clearTracker(n))}>
            ${t().simClear}
          </button>
        </div>
      </div>
      <div class="panel">
        <h2>${t().gateway}</h2>
        <div class="button-row">
          <button class="secondary" data-sim="button"
            onClick=${run(t().buttonPressed, () => app.client.sim.pressButton())}>
            ${t().pressButton}
          </button>
        </div>
        <p class="muted">${t().moveClockHint}</p>
        <div class="button-row">
          ${[60, 300, 900].map(
            (s) =>
              html`<button class="secondary" data-sim=${`advance-${s}`}
                onClick=${run(t().clockMoved(num(s / 60)), async () => {
                  await app.client.sim.advanceClock(s);
                  props.onClockMoved();
                })}>${t().plusMinutes(num(s / 60))}</button>`,
          )}
        </div>
      </div>
      <${FloorInventory} trackers=${trackers} repeaters=${repeaters} onPick=${setTracker} />
    </div>
  </section>`;
}
