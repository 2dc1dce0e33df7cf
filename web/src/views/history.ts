// History: past and present orders from GET /orders, newest first, filtered by date range, order
// type and table, a page at a time. Filters apply on submit; the gateway validates them.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { OrderSummary, OrderType } from "../../../src/protocol/wire.js";
import { useApp } from "../app-context.js";
import { errorText } from "../lib/errors.js";
import { dayAfter, formatDuration, shortDateTime } from "../lib/time.js";
import { urgency } from "../lib/urgency.js";
import { num, t } from "../i18n/index.js";

const PAGE = 25;

interface Filters {
  from: string;
  to: string;
  type: "" | OrderType;
  table: string;
}

const NO_FILTERS: Filters = { from: "", to: "", type: "", table: "" };

export function HistoryView() {
  const app = useApp();
  const target = app.settings?.targetTimeDefault ?? 300;
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ total: number; items: OrderSummary[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    app.client
      .history({
        offset,
        limit: PAGE,
        createdAfter: filters.from ? `${filters.from}T00:00:00` : undefined,
        createdBefore: filters.to ? dayAfter(filters.to) : undefined,
        orderType: filters.type || undefined,
        locationName: filters.table || undefined,
      })
      .then(
        (r) => {
          if (!live) return;
          setPage({ total: r.total, items: r.items });
          setError(null);
        },
        (e) => live && setError(errorText(e)),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [app.client, filters, offset]);

  const apply = (e: Event) => {
    e.preventDefault();
    setOffset(0);
    setFilters({ ...draft, table: draft.table.trim() });
  };
  const reset = () => {
    setDraft(NO_FILTERS);
    setFilters(NO_FILTERS);
    setOffset(0);
  };
  const field = (k: keyof Filters) => (e: Event) =>
    setDraft((d) => ({ ...d, [k]: (e.currentTarget as HTMLInputElement).value }));

  // [opentt] The whole filtered history as CSV: fetched with this screen's token (a link could not
  // carry it) and handed to the browser as a download.
  const download = async () => {
    const q = new URLSearchParams({ format: "csv" });
    if (filters.from) q.set("created_after", `${filters.from}T00:00:00`);
    if (filters.to) q.set("created_before", dayAfter(filters.to));
    if (filters.type) q.set("order_type", filters.type);
    if (filters.table) q.set("location_name", filters.table);
    try {
      const res = await fetch(`${app.baseUrl}/api/v2/orders?${q}`, {
        // i18n-ignore: an HTTP header, not text on screen.
        headers: { authorization: `Bearer ${app.token}` },
      });
      if (!res.ok) throw new Error(((await res.json()) as { message?: string }).message ?? `HTTP ${res.status}`);
      const a = document.createElement("a");
      a.href = URL.createObjectURL(await res.blob());
      a.download = "opentt-orders.csv";
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) {
      app.notify(errorText(e), "error");
    }
  };

  const total = page?.total ?? 0;
  const last = Math.min(offset + PAGE, total);
  return html`<section class="view history" aria-labelledby="history-title">
    <div class="view-head"><h1 id="history-title">${t().historyTitle}</h1>
      <button class="secondary" onClick=${download} data-action="download-csv">${t().downloadCsv}</button></div>
    <form class="filters" onSubmit=${apply}>
      <label>${t().from} <input type="date" name="from" value=${draft.from} onInput=${field("from")} /></label>
      <label>${t().to} <input type="date" name="to" value=${draft.to} onInput=${field("to")} /></label>
      <label
        >${t().type}
        <select name="type" value=${draft.type} onChange=${field("type")}>
          <option value="">${t().any}</option>
          <option value="ON_PREMISE">${t().orderTypes.ON_PREMISE}</option>
          <option value="TO_GO">${t().orderTypes.TO_GO}</option>
        </select>
      </label>
      <label
        >${t().table}
        <input name="table" inputmode="numeric" placeholder=${t().anyTable} size="5" value=${draft.table} onInput=${field("table")}
      /></label>
      <div class="filter-actions">
        <button type="submit" class="primary">${t().filter}</button>
        <button type="button" class="secondary" onClick=${reset}>${t().reset}</button>
      </div>
    </form>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    <p class="summary" data-history-total=${total}>
      ${page === null ? t().loading : total === 0 ? t().noMatch : t().pageRange(num(offset + 1), num(last), num(total))}
    </p>
    <div class="table-wrap">
      <table class=${`data${loading ? " loading" : ""}`}>
        <thead>
          <tr>
            <th>${t().colOrder}</th>
            <th>${t().colTable}</th>
            <th>${t().colType}</th>
            <th>${t().colState}</th>
            <th>${t().colStarted}</th>
            <th class="num">${t().colToSit}</th>
            <th class="num">${t().colDelivery}</th>
            <th>${t().colClearedBy}</th>
          </tr>
        </thead>
        <tbody>
          ${(page?.items ?? []).map(
            (o) =>
              html`<tr key=${o.uuid} data-history-row=${o.name}>
                <td><b>${o.name}</b></td>
                <td>${o.locationName ?? "—"}</td>
                <td>${t().orderTypes[o.orderType]}</td>
                <td><span class=${`tag state-${o.state}`}>${t().orderStates[o.state]}</span></td>
                <td>${shortDateTime(o.orderStarted)}</td>
                <td class="num">${formatDuration(o.timeToSit)}</td>
                <td class=${`num ${o.deliveryTime === null ? "" : `text-${urgency(o.deliveryTime, target)}`}`}>
                  ${formatDuration(o.deliveryTime)}
                </td>
                <td>${o.orderClearedReason ? t().reasons[o.orderClearedReason] : ""}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <nav class="pager" aria-label=${t().historyPages}>
      <button class="secondary" disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - PAGE))}>
        ${t().newer}
      </button>
      <button class="secondary" disabled=${last >= total} onClick=${() => setOffset(offset + PAGE)}>${t().older}</button>
    </nav>
  </section>`;
}
