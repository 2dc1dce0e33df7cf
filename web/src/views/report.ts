// [opentt] The shift report (issue 18.4): a period's orders by hour and by floor-plan section —
// orders, average and p90 delivery, share on target — with the orders late right now per section.
// Counted in the browser (lib/shift-report.ts) from GET /orders (every page), the floor plan and
// the live orders; printable on A4 (styles/print.css) with the gateway's name and the period.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { FloorPlan, OrderSummary } from "../../../src/protocol/wire.js";
import { type Client, useApp } from "../app-context.js";
import { dateTime, localDateTime, num, percent, t } from "../i18n/index.js";
import { ordersWithElapsed } from "../lib/elapsed.js";
import { errorText } from "../lib/errors.js";
import type { LiveOrders } from "../lib/live-orders.js";
import { type Figures, type ShiftReport, shiftReport } from "../lib/shift-report.js";
import { formatDuration, formatLocal, parseLocal } from "../lib/time.js";

/** GET /orders pages at most 100; a shift past this many orders is reported as cut short. */
const PAGE = 100;
const MAX_ORDERS = 5000;
const HOUR = 3_600_000;

interface Period {
  date: string;
  /** 0–23, inclusive. */
  fromHour: number;
  /** 1–24, exclusive. */
  toHour: number;
}

/** Today so far in the browser's own time: midnight to the end of the current hour. */
function todaySoFar(now = new Date()): Period {
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return { date, fromHour: 0, toHour: now.getHours() + 1 };
}

/** The period's bounds as gateway-local timestamps (the screen is in the restaurant's zone). */
function bounds(p: Period): { from: string; to: string } {
  const day = parseLocal(`${p.date}T00:00:00`);
  return { from: formatLocal(day + p.fromHour * HOUR), to: formatLocal(day + p.toHour * HOUR) };
}

/**
 * Every order started in the period, page by page. Newest come first, so an order started while
 * paging shifts the pages by one: an order seen twice counts once (by uuid).
 */
export async function periodOrders(
  client: Client,
  from: string,
  to: string,
): Promise<{ items: OrderSummary[]; total: number }> {
  const byUuid = new Map<string, OrderSummary>();
  let offset = 0;
  let total = 0;
  do {
    const page = await client.history({ offset, limit: PAGE, createdAfter: from, createdBefore: to });
    total = page.total;
    for (const o of page.items) byUuid.set(o.uuid, o);
    offset += page.items.length;
    if (page.items.length === 0) break;
  } while (offset < Math.min(total, MAX_ORDERS));
  return { items: [...byUuid.values()], total };
}

interface Loaded {
  period: Period;
  orders: OrderSummary[];
  total: number;
  plan: FloorPlan;
}

export function ReportView(props: { live: LiveOrders; now: number; simOffset: number | null }) {
  const app = useApp();
  const target = app.settings?.targetTimeDefault ?? null;
  const [draft, setDraft] = useState<Period>(todaySoFar);
  const [period, setPeriod] = useState<Period>(draft);
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gatewayName, setGatewayName] = useState("");

  useEffect(() => {
    app.client.info().then(
      (i) => setGatewayName(i.gateway.name),
      () => undefined,
    );
  }, [app.client]);
  useEffect(() => {
    let live = true;
    setData(null);
    const { from, to } = bounds(period);
    Promise.all([periodOrders(app.client, from, to), app.client.getFloorplan()]).then(
      ([o, plan]) => {
        if (!live) return;
        setData({ period, orders: o.items, total: o.total, plan });
        setError(null);
      },
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [app.client, period]);

  const apply = (e: Event) => {
    e.preventDefault();
    if (!draft.date || draft.fromHour >= draft.toHour) setError(t().reportHours);
    else setPeriod({ ...draft });
  };
  const hourLabel = (h: number) => dateTime(h * HOUR, "time");
  // The end is exclusive: named by its last minute (23:59, not a second 00:00).
  const endLabel = (h: number) => dateTime(h * HOUR - 60_000, "time");
  const hourSelect = (key: "fromHour" | "toHour", hours: number[], label: (h: number) => string) =>
    html`<select name=${key} value=${String(draft[key])}
      onChange=${(e: Event) => setDraft({ ...draft, [key]: Number((e.currentTarget as HTMLSelectElement).value) })}>
      ${hours.map((h) => html`<option value=${String(h)}>${label(h)}</option>`)}
    </select>`;
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

  // A plan saved on another screen meanwhile (FLOORPLAN_CHANGED) re-sorts the tables into sections.
  const pushed = props.live.floorplan;
  const plan = data && pushed && pushed.version > data.plan.version ? pushed : data?.plan;
  const report =
    data && plan && target !== null
      ? shiftReport({
          orders: data.orders,
          active: ordersWithElapsed(props.live, props.now, props.simOffset),
          plan,
          target,
          ...bounds(data.period),
        })
      : null;
  const p = data?.period ?? period;
  const periodText = t().reportPeriod(
    dateTime(parseLocal(`${p.date}T00:00:00`), "date"),
    hourLabel(p.fromHour),
    endLabel(p.toHour),
  );

  return html`<section class="view report" aria-labelledby="report-title">
    <div class="view-head">
      <h1 id="report-title">${t().reportTitle}</h1>
      <button class="primary no-print" onClick=${() => window.print()} data-action="print" disabled=${!report}>
        ${t().reportPrint}
      </button>
    </div>
    <div class="print-head" data-print-head>
      <strong data-gateway-name>${gatewayName}</strong>
      <span data-period>${periodText}</span>
      <span>${t().reportPrinted(localDateTime(props.now))}</span>
      ${target !== null ? html`<span>${t().reportTarget(formatDuration(target))}</span>` : null}
    </div>
    <form class="filters no-print" onSubmit=${apply}>
      <label>${t().reportDate} <input type="date" name="date" value=${draft.date}
        onInput=${(e: Event) => setDraft({ ...draft, date: (e.currentTarget as HTMLInputElement).value })} /></label>
      <label>${t().reportFromHour} ${hourSelect("fromHour", range(0, 24), hourLabel)}</label>
      <label>${t().reportToHour} ${hourSelect("toHour", range(1, 25), endLabel)}</label>
      <div class="filter-actions"><button type="submit" class="primary">${t().show}</button></div>
    </form>
    ${error ? html`<p class="form-error" role="alert" data-report-error>${error}</p>` : null}
    ${report && data ? html`<${ReportTables} report=${report} data=${data} hourLabel=${hourLabel} />` : html`<p class="muted">${t().loading}</p>`}
  </section>`;
}

function cells(f: Figures) {
  // data-value carries the unformatted figure, for tests and anyone scraping the page.
  return html`<td class="num" data-col="orders" data-value=${f.orders}>${num(f.orders)}</td>
    <td class="num" data-col="delivered" data-value=${f.delivered}>${num(f.delivered)}</td>
    <td class="num" data-col="avg" data-value=${f.averageSeconds ?? ""}>${formatDuration(f.averageSeconds)}</td>
    <td class="num" data-col="p90" data-value=${f.p90Seconds ?? ""}>${formatDuration(f.p90Seconds)}</td>
    <td class="num" data-col="on-target" data-value=${f.onTarget ?? ""}>${f.onTarget === null ? "—" : percent(f.onTarget)}</td>`;
}

function heads(first: string, lateNow: boolean) {
  return html`<tr><th>${first}</th><th class="num">${t().reportOrders}</th><th class="num">${t().reportDelivered}</th>
    <th class="num">${t().reportAvg}</th><th class="num">${t().reportP90}</th><th class="num">${t().reportOnTarget}</th>
    ${lateNow ? html`<th class="num">${t().reportLateNow}</th>` : null}</tr>`;
}

function ReportTables(props: { report: ShiftReport; data: Loaded; hourLabel(h: number): string }) {
  const { report, data } = props;
  const hourOf = (ms: number) => new Date(ms).getUTCHours();
  return html`<div class="report-body" data-report data-report-orders=${report.total.orders}>
    ${data.total > data.orders.length ? html`<p class="form-error">${t().reportTruncated(num(data.orders.length))}</p>` : null}
    ${report.total.orders === 0 ? html`<p class="muted" data-report-empty>${t().reportEmpty}</p>` : null}
    <h2>${t().reportBySection}</h2>
    <div class="table-wrap">
      <table class="data report-table" data-report-sections>
        <thead>${heads(t().reportSection, true)}</thead>
        <tbody>
          ${report.sections.map(
            (s) => html`<tr data-section=${s.section ?? ""}>
              <td>${s.section ?? t().reportNoSection}</td>${cells(s)}
              <td class=${`num${s.lateNow > 0 ? " late-text" : ""}`} data-col="late-now" data-value=${s.lateNow}>${num(s.lateNow)}</td>
            </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr data-section-total><th>${t().reportTotal}</th>${cells(report.total)}
            <td class="num" data-col="late-now" data-value=${report.total.lateNow}>${num(report.total.lateNow)}</td></tr>
        </tfoot>
      </table>
    </div>
    <h2>${t().reportByHour}</h2>
    <div class="table-wrap">
      <table class="data report-table" data-report-hours>
        <thead>${heads(t().reportHour, false)}</thead>
        <tbody>
          ${report.hours.map(
            (h) => html`<tr data-hour=${hourOf(h.hour)} class=${h.orders === 0 ? "empty-hour" : ""}>
              <td>${props.hourLabel(hourOf(h.hour))}</td>${cells(h)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class="muted report-note">${t().reportP90Rule}</p>
  </div>`;
}
