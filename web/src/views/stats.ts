// Statistics: today's average delivery and share on target (GET /statistics), then, over a chosen
// date range, orders and average delivery per hour and a heat map of tables, all counted by the
// gateway (GET /statistics/range), so a busy range is summarised whole, not from a sample.
import { html } from "htm/preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import type { RangeStatistics, Statistics } from "../../../src/protocol/wire.js";
import { type Client, useApp } from "../app-context.js";
import { HourlyChart } from "../components/hourly-chart.js";
import { TableHeatmap } from "../components/table-heatmap.js";
import { ordersWithElapsed } from "../lib/elapsed.js";
import { errorText } from "../lib/errors.js";
import type { LiveOrders } from "../lib/live-orders.js";
import { hourlySeries } from "../lib/stats-math.js";
import { dateOnly, dayAfter, formatDuration, parseLocal } from "../lib/time.js";
import { urgency } from "../lib/urgency.js";
import { dateTime, type Messages, num, percent, plural, t } from "../i18n/index.js";

interface Range {
  from: string;
  to: string;
}

const asCount = (v: number) => num(Math.round(v));
const asMinutes = (v: number) => formatDuration(v);
/** Whole counts, and delivery ticks on round minutes. */
const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
const MINUTE_STEPS = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
/** The longest range GET /statistics/range counts. */
const MAX_DAYS = 92;
const PRESETS: { preset: keyof Messages["presets"]; days: number }[] = [
  { preset: "today", days: 1 },
  { preset: "week", days: 7 },
  { preset: "month", days: 30 },
];

/** The gateway's date (its clock may be simulated, its zone not the browser's); null until known. */
function useGatewayToday(client: Client): string | null {
  const [today, setToday] = useState<string | null>(null);
  useEffect(() => {
    client.info().then(
      (i) => setToday(i.gateway.time.slice(0, 10)),
      () => setToday(dateOnly(Date.now())),
    );
  }, [client]);
  return today;
}

/** The live orders, for the late ones still waiting (delivered figures alone hide them). */
interface LiveProps {
  live: LiveOrders;
  now: number;
  simOffset: number | null;
}

export function StatsView(props: LiveProps) {
  const app = useApp();
  const today = useGatewayToday(app.client);
  return today ? html`<${StatsBody} today=${today} ...${props} />` : html`<p class="muted">${t().loading}</p>`;
}

function StatsBody(props: { today: string } & LiveProps) {
  const app = useApp();
  const target = app.settings?.targetTimeDefault ?? 300;
  const { today } = props;
  const [today$, setToday] = useState<Statistics | null>(null);
  const [range, setRange] = useState<Range>({ from: today, to: today });
  const [draft, setDraft] = useState(range);
  // The range travels with its data, so nothing is drawn for a range whose orders are not in yet.
  const [data, setData] = useState<{ range: Range; stats: RangeStatistics } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    app.client.statistics().then(setToday, (e) => setError(errorText(e)));
  }, [app.client]);
  useEffect(() => {
    let live = true;
    setData(null);
    app.client.statisticsRange({ from: `${range.from}T00:00:00`, to: dayAfter(range.to), targetTime: target }).then(
      (stats) => {
        if (!live) return;
        setData({ range, stats });
        setError(null);
      },
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [app.client, range, target]);

  const series = useMemo(() => (data ? hourlySeries(data.stats.hours) : null), [data]);
  const sum = data?.stats;
  const active = ordersWithElapsed(props.live, props.now, props.simOffset);
  const lateNow = active.filter((r) => urgency(r.elapsed, target) === "late").length;
  const preset = (days: number) => {
    const r = { from: dateOnly(parseLocal(`${today}T00:00:00`) - (days - 1) * 86_400_000), to: today };
    setDraft(r);
    setRange(r);
  };
  const apply = (e: Event) => {
    e.preventDefault();
    if (!(draft.from && draft.to && draft.from <= draft.to)) setError(t().rangeOrder);
    // The gateway refuses longer ranges; saying so here names the fix in the dashboard's words.
    else if (parseLocal(dayAfter(draft.to)) - parseLocal(`${draft.from}T00:00:00`) > MAX_DAYS * 86_400_000)
      setError(t().rangeTooLong(num(MAX_DAYS)));
    else setRange(draft);
  };

  return html`<section class="view stats" aria-labelledby="stats-title">
    <div class="view-head"><h1 id="stats-title">${t().statsTitle}</h1></div>
    <div class="kpis">
      <div class="kpi" data-kpi="average">
        <span class="kpi-label">${t().avgToday}</span>
        <span class="kpi-value">${today$ ? formatDuration(today$.ordersToday ? today$.averageSeconds : null) : "…"}</span>
      </div>
      <div class="kpi" data-kpi="percent">
        <span class="kpi-label">${t().onTargetToday(formatDuration(today$?.targetTime ?? target))}</span>
        <span class="kpi-value">${today$ ? (today$.ordersToday ? percent(Math.round(today$.percentGoal) / 100) : "—") : "…"}</span>
        <span class="kpi-note">${today$ ? plural(today$.ordersToday, t().onTargetNote) : ""}</span>
      </div>
      <div class=${`kpi${lateNow > 0 ? " kpi-late" : ""}`} data-kpi="late-active" data-late=${lateNow}
        data-active=${active.length}>
        <span class="kpi-label">${t().lateRightNow}</span>
        <span class="kpi-value">${num(lateNow)}</span>
        <span class="kpi-note">${plural(active.length, t().lateNote)}</span>
      </div>
      <div class="kpi" data-kpi="orders">
        <span class="kpi-label">${t().deliveredToday}</span>
        <span class="kpi-value">${today$ ? num(today$.ordersToday) : "…"}</span>
      </div>
    </div>
    <form class="filters" onSubmit=${apply}>
      <label
        >${t().from}
        <input type="date" name="from" value=${draft.from} max=${today}
          onInput=${(e: Event) => setDraft({ ...draft, from: (e.currentTarget as HTMLInputElement).value })}
      /></label>
      <label
        >${t().to}
        <input type="date" name="to" value=${draft.to}
          onInput=${(e: Event) => setDraft({ ...draft, to: (e.currentTarget as HTMLInputElement).value })}
      /></label>
      <div class="filter-actions">
        <button type="submit" class="primary">${t().show}</button>
        ${PRESETS.map((p) => html`<button type="button" class="secondary" onClick=${() => preset(p.days)}>${t().presets[p.preset]}</button>`)}
      </div>
    </form>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    ${
      !data || !series
        ? html`<p class="muted">${t().loading}</p>`
        : html`<p class="summary" data-range=${`${data.range.from}/${data.range.to}`} data-range-total=${data.stats.orders}
            data-range-delivered=${data.stats.delivered}>
            ${plural(data.stats.orders, t().rangeOrders)}${t().rangeSpan(dateTime(parseLocal(`${data.range.from}T00:00:00`), "date"), dateTime(parseLocal(`${data.range.to}T00:00:00`), "date"))}${
              sum?.averageSeconds != null && sum.percentGoal != null
                ? html`${t().rangeDelivered(num(sum.delivered))}<b>${formatDuration(sum.averageSeconds)}</b>${" · "}<b
                    >${percent(Math.round(sum.percentGoal) / 100)}</b
                  >${t().onTarget}`
                : null
            }
          </p>
          <div class="charts">
            <${HourlyChart} title=${t().ordersPerHour} kind="bars" hours=${series.hours} values=${series.orders}
              format=${asCount} incrs=${COUNT_STEPS} color="#4c8dff" />
            <${HourlyChart} title=${t().avgPerHour} kind="line" hours=${series.hours}
              values=${series.avgDelivery} reference=${target} format=${asMinutes} incrs=${MINUTE_STEPS}
              color="#3fb950" />
          </div>
          <h2>${t().heatTitle}</h2>
          <${TableHeatmap} tables=${data.stats.tables} target=${target} />`
    }
  </section>`;
}
