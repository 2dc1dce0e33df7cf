// [opentt] The floor plan (issue 18.1): live, every table free or occupied with its order number
// and elapsed time coloured against the target, ready orders first with their wait since ready,
// a section filter and the orders at tables the plan lacks beside it; and an editor (drag to
// place, drag the corner to resize, number, seats, shape, section) that saves over the version it
// read, so a second editor's save is refused with a message instead of lost.
import { html } from "htm/preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { FloorPlan, FloorTable } from "../../../src/protocol/wire.js";
import { TrackerApiError } from "../../../src/sdk/index.js";
import { useApp } from "../app-context.js";
import { ordersWithElapsed } from "../lib/elapsed.js";
import { errorText } from "../lib/errors.js";
import { gridPlan, moved, newTable, PLAN, seat } from "../lib/floorplan.js";
import type { LiveOrders } from "../lib/live-orders.js";
import { readyFirst, readyWait } from "../lib/ready.js";
import { digits, formatDuration, formatLocal } from "../lib/time.js";
import { urgency } from "../lib/urgency.js";

const pct = (v: number) => `${(v / PLAN) * 100}%`;
const box = (t: FloorTable) => `left:${pct(t.x)};top:${pct(t.y)};width:${pct(t.w)};height:${pct(t.h)}`;
type Row = { o: import("../../../src/protocol/wire.js").ActiveOrder; elapsed: number };

export function FloorplanView(props: { live: LiveOrders; now: number; simOffset: number | null }) {
  const app = useApp();
  const [plan, setPlan] = useState<FloorPlan | null>(null);
  const [editing, setEditing] = useState<FloorPlan | null>(null);
  const [section, setSection] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => app.client.getFloorplan().then(setPlan, (e) => setError(errorText(e))), [app.client]);
  useEffect(() => {
    load();
  }, [load]);
  // Another screen saved the plan: show it (an open editor keeps its draft; its save gets the 409).
  const pushed = props.live.floorplan;
  useEffect(() => {
    if (pushed) setPlan((p) => (p && p.version >= pushed.version ? p : pushed));
  }, [pushed]);

  if (!plan) return html`<section class="view"><p class="muted">${error ?? "Loading the floor plan…"}</p></section>`;
  if (editing) {
    return html`<${Editor} plan=${editing} onDone=${(saved: FloorPlan | null) => {
      if (saved) setPlan(saved);
      setEditing(null);
    }} reload=${load} />`;
  }

  const target = app.settings?.targetTimeDefault ?? 300;
  const rows = readyFirst(ordersWithElapsed(props.live, props.now, props.simOffset));
  const seated = seat(plan, rows);
  const shown = plan.tables.filter((t) => section === "" || t.section === section);
  const startFromHistory = async () => {
    try {
      const to = formatLocal(Date.now() + 86_400_000).slice(0, 10);
      const from = formatLocal(Date.now() - 91 * 86_400_000).slice(0, 10);
      const range = await app.client.statisticsRange({ from: `${from}T00:00:00`, to: `${to}T00:00:00` });
      const numbers = [
        ...range.tables.map((t) => t.locationName),
        ...rows.map((r) => r.o.locationName).filter(Boolean),
      ];
      setEditing(gridPlan(numbers.length ? numbers : ["1", "2", "3", "4"], plan.version));
    } catch (e) {
      app.notify(errorText(e), "error");
    }
  };

  return html`<section class="view floorplan" aria-labelledby="plan-title">
    <div class="view-head">
      <h1 id="plan-title">Floor plan</h1>
      ${
        plan.sections.length > 0
          ? html`<label class="inline">Section
              <select value=${section} onChange=${(e: Event) => setSection((e.target as HTMLSelectElement).value)} data-section-filter>
                <option value="">All sections</option>
                ${plan.sections.map((s) => html`<option value=${s}>${s}</option>`)}
              </select></label>`
          : null
      }
      <button class="secondary" onClick=${() => setEditing(plan)} data-action="edit-plan">Edit plan</button>
    </div>
    ${
      plan.tables.length === 0
        ? html`<div class="empty" data-empty-plan>
            <p><b>No floor plan yet.</b></p>
            <p class="muted">Start from a grid of the tables seen in the last 92 days, then drag them into place.</p>
            <button onClick=${startFromHistory} data-action="grid-from-history">Build a grid from history</button>
          </div>`
        : html`<div class="plan-layout">
            <div class="plan" data-plan>
              ${shown.map((t) => html`<${LiveTable} key=${t.number} table=${t} rows=${seated.at.get(t.number) ?? []} target=${target} />`)}
            </div>
            <${SideList} missing=${seated.missing} unseated=${seated.unseated} target=${target} />
          </div>`
    }
  </section>`;
}

function LiveTable(props: { table: FloorTable; rows: Row[]; target: number }) {
  const t = props.table;
  const first = props.rows[0];
  const u = first ? urgency(first.elapsed, props.target) : "free";
  const wait = first ? readyWait(first.o, first.elapsed) : null;
  return html`<div class=${`plan-table ${t.shape} urgency-${u}${wait !== null ? " is-ready" : ""}`} style=${box(t)}
    data-plan-table=${t.number} data-occupied=${first ? "yes" : "no"} data-ready=${wait !== null ? "yes" : "no"}>
    <span class="plan-table-number" style=${digits(t.number)}>${t.number}</span>
    ${
      first
        ? html`<span class="plan-order" style=${digits(first.o.name)} data-plan-order=${first.o.name}>#${first.o.name}</span>
          <span class="plan-elapsed">${formatDuration(first.elapsed)}${props.rows.length > 1 ? ` +${props.rows.length - 1}` : ""}</span>
          ${wait !== null ? html`<span class="plan-ready">Ready ${formatDuration(wait)}</span>` : null}`
        : null
    }
  </div>`;
}

function SideList(props: { missing: Row[]; unseated: Row[]; target: number }) {
  const item = (r: Row) => {
    const wait = readyWait(r.o, r.elapsed);
    return html`<li class=${`urgency-${urgency(r.elapsed, props.target)}`} data-side-order=${r.o.name}>
      <b>#${r.o.name}</b> ${r.o.locationName ? html`table ${r.o.locationName} ` : null}
      <span class="plan-elapsed">${formatDuration(r.elapsed)}</span>${wait !== null ? html` <span class="plan-ready">Ready ${formatDuration(wait)}</span>` : null}
    </li>`;
  };
  return html`<aside class="plan-side">
    <h2>Not on the plan</h2>
    ${props.missing.length === 0 ? html`<p class="muted">Every seated order is at a table on the plan.</p>` : html`<ul data-missing>${props.missing.map(item)}</ul>`}
    <h2>No table yet</h2>
    ${props.unseated.length === 0 ? html`<p class="muted">None.</p>` : html`<ul data-unseated>${props.unseated.map(item)}</ul>`}
  </aside>`;
}

function Editor(props: { plan: FloorPlan; onDone(saved: FloorPlan | null): void; reload(): Promise<unknown> }) {
  const app = useApp();
  const [plan, setPlan] = useState(props.plan);
  const [selected, setSelected] = useState<string | null>(props.plan.tables[0]?.number ?? null);
  const [problem, setProblem] = useState<{ text: string; stale: boolean } | null>(null);
  const area = useRef<HTMLDivElement>(null);
  const drag = useRef<{ number: string; x: number; y: number; resize: boolean; start: FloorTable } | null>(null);

  const update = (number: string, change: (t: FloorTable) => FloorTable) =>
    setPlan((p) => ({ ...p, tables: p.tables.map((t) => (t.number === number ? change(t) : t)) }));
  const onDown = (e: PointerEvent, t: FloorTable, resize: boolean) => {
    e.preventDefault();
    e.stopPropagation();
    setSelected(t.number);
    drag.current = { number: t.number, x: e.clientX, y: e.clientY, resize, start: t };
    (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
  };
  const onMove = (e: PointerEvent) => {
    const d = drag.current;
    const rect = area.current?.getBoundingClientRect();
    if (!d || !rect) return;
    const scale = PLAN / rect.width;
    update(d.number, () => moved(d.start, (e.clientX - d.x) * scale, (e.clientY - d.y) * scale, d.resize));
  };
  const onUp = () => {
    drag.current = null;
  };
  const sel = plan.tables.find((t) => t.number === selected) ?? null;
  const save = async () => {
    try {
      const saved = await app.client.saveFloorplan(plan);
      app.notify(`Floor plan saved (version ${saved.version})`, "success");
      props.onDone(saved);
    } catch (e) {
      setProblem({ text: errorText(e), stale: e instanceof TrackerApiError && e.status === 409 });
    }
  };
  const field = (label: string, input: unknown) => html`<label>${label} ${input}</label>`;

  return html`<section class="view floorplan editing" aria-labelledby="edit-title">
    <div class="view-head">
      <h1 id="edit-title">Edit floor plan</h1>
      <button onClick=${() => {
        const t = newTable(plan);
        setPlan({ ...plan, tables: [...plan.tables, t] });
        setSelected(t.number);
      }} data-action="add-table">Add table</button>
      <button onClick=${save} data-action="save-plan">Save</button>
      <button class="secondary" onClick=${() => props.onDone(null)}>Cancel</button>
    </div>
    ${
      problem
        ? html`<p class="problem" role="alert" data-plan-problem>${problem.text}
            ${problem.stale ? html` <button class="secondary" onClick=${() => props.reload().then(() => props.onDone(null))} data-action="reload-plan">Reload the plan</button>` : null}</p>`
        : null
    }
    <div class="plan-layout">
      <div class="plan" ref=${area} onPointerMove=${onMove} onPointerUp=${onUp} onPointerCancel=${onUp} data-plan-editor>
        ${plan.tables.map(
          (
            t,
          ) => html`<div key=${t.number} class=${`plan-table ${t.shape}${t.number === selected ? " selected" : ""}`} style=${box(t)}
            data-edit-table=${t.number} onPointerDown=${(e: PointerEvent) => onDown(e, t, false)}>
            <span class="plan-table-number" style=${digits(t.number)}>${t.number}</span>
            <span class="resize" data-resize=${t.number} onPointerDown=${(e: PointerEvent) => onDown(e, t, true)}></span>
          </div>`,
        )}
      </div>
      <aside class="plan-side plan-form">
        ${field(
          "Sections (comma-separated)",
          html`<input value=${plan.sections.join(", ")} data-sections
          onChange=${(e: Event) =>
            setPlan({
              ...plan,
              sections: (e.target as HTMLInputElement).value
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            })} />`,
        )}
        ${
          sel
            ? html`<h2>Table ${sel.number}</h2>
              ${field(
                "Number",
                html`<input inputmode="numeric" value=${sel.number} data-table-number
                onChange=${(e: Event) => {
                  const v = (e.target as HTMLInputElement).value.trim();
                  update(sel.number, (t) => ({ ...t, number: v }));
                  setSelected(v);
                }} />`,
              )}
              ${field(
                "Seats",
                html`<input type="number" min="0" max="99" value=${sel.seats}
                onChange=${(e: Event) => update(sel.number, (t) => ({ ...t, seats: Number((e.target as HTMLInputElement).value) }))} />`,
              )}
              ${field(
                "Shape",
                html`<select value=${sel.shape} onChange=${(e: Event) => update(sel.number, (t) => ({ ...t, shape: (e.target as HTMLSelectElement).value as FloorTable["shape"] }))}>
                <option value="rect">Rectangle</option><option value="round">Round</option></select>`,
              )}
              ${field(
                "Section",
                html`<select value=${sel.section ?? ""} data-table-section
                onChange=${(e: Event) => update(sel.number, (t) => ({ ...t, section: (e.target as HTMLSelectElement).value || null }))}>
                <option value="">None</option>${plan.sections.map((s) => html`<option value=${s}>${s}</option>`)}</select>`,
              )}
              <button class="danger-outline" onClick=${() => {
                setPlan({ ...plan, tables: plan.tables.filter((t) => t.number !== sel.number) });
                setSelected(null);
              }}>Remove table</button>`
            : html`<p class="muted">Tap a table to change it; drag it to move it, its corner to resize it.</p>`
        }
      </aside>
    </div>
  </section>`;
}
