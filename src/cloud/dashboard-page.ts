// The dashboard page itself: plain HTML and a small script, no build step. The token stays in
// this browser's localStorage and goes only to this cloud's own API.
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>opentt cloud</title>
<link rel="stylesheet" href="/assets/uplot.css">
<style>
  body { font: 14px system-ui, sans-serif; margin: 0; color: #1d2329; background: #f5f6f8; }
  header { background: #1d2329; color: #fff; padding: 12px 20px; display: flex; gap: 16px; align-items: center; }
  header h1 { font-size: 18px; margin: 0; flex: 1; }
  main { padding: 16px 20px; display: grid; gap: 16px; }
  section { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 2px #0001; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e6e8eb; white-space: nowrap; }
  th { font-weight: 600; color: #5a6570; }
  .badge { padding: 2px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
  .ok { background: #dff5e3; color: #1b6b2c; } .behind { background: #fff1cc; color: #7a5a00; }
  .offline { background: #fde0de; color: #8f1d14; } .not-activated { background: #e6e8eb; color: #5a6570; }
  input { padding: 6px 8px; border-radius: 4px; border: 1px solid #c5ccd3; width: 28em; font-family: monospace; }
  button { padding: 6px 12px; border-radius: 4px; border: 0; background: #2f6fdf; color: #fff; cursor: pointer; }
  #error { color: #8f1d14; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; }
</style>
</head>
<body>
<header>
  <h1>opentt cloud <span id="account"></span></h1>
  <form id="login"><input id="token" type="password" placeholder="account admin token" autocomplete="off">
  <button>Open</button></form>
</header>
<main>
  <div id="error"></div>
  <section><h2>Sites</h2>
    <table><thead><tr><th>Site</th><th>Health</th><th>Last seen</th><th>Sync lag</th><th>Pending</th>
    <th>Orders received</th><th>Zone</th><th>Gateway</th></tr></thead><tbody id="sites"></tbody></table>
  </section>
  <div class="charts">
    <section><h2>Orders per day</h2><div id="chart-orders"></div></section>
    <section><h2>Average delivery time per day (s)</h2><div id="chart-delivery"></div></section>
    <section><h2>p90 delivery time per day (s)</h2><div id="chart-p90"></div></section>
    <section><h2>Percent on target per day</h2><div id="chart-target"></div></section>
  </div>
</main>
<script src="/assets/uplot.js"></script>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const COLORS = ["#2f6fdf", "#e0702b", "#2a9d5b", "#b33fb3", "#c9a227", "#1aa6b7", "#d64545", "#6b7a8f"];
let charts = [];

function text(el, s) { el.textContent = s; return el; }
function ago(iso) {
  if (!iso) return "never";
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  return s < 90 ? s + " s ago" : s < 5400 ? Math.round(s / 60) + " min ago" : Math.round(s / 3600) + " h ago";
}

async function api(path) {
  const res = await fetch(path, { headers: { authorization: "Bearer " + localStorage.getItem("openttCloudToken") } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.message || "HTTP " + res.status);
  return body;
}

function renderSites(items) {
  const tbody = $("sites");
  tbody.replaceChildren();
  for (const s of items) {
    const tr = document.createElement("tr");
    const cells = [s.name, null, ago(s.lastSeen), s.syncLagSeconds == null ? "–" : s.syncLagSeconds + " s",
      String(s.pending), String(s.ordersReceived), s.zone, s.gatewaySerial || "–"];
    cells.forEach((c, i) => {
      const td = document.createElement("td");
      if (i === 1) td.append(text(Object.assign(document.createElement("span"), { className: "badge " + s.health }), s.health));
      else text(td, c);
      tr.append(td);
    });
    tbody.append(tr);
  }
}

function renderCharts(stats) {
  charts.forEach((c) => c.destroy());
  charts = [];
  const days = [...new Set(stats.map((d) => d.day))].sort();
  const sites = [...new Map(stats.map((d) => [d.siteId, d.siteName])).entries()];
  const xs = days.map((d) => Date.parse(d + "T12:00:00Z") / 1000);
  const series = (field) => sites.map(([id]) => days.map((day) => {
    const row = stats.find((d) => d.siteId === id && d.day === day);
    return row ? row[field] : null;
  }));
  const plot = (el, field) => {
    const width = Math.max(320, $(el).clientWidth || 480);
    const opts = {
      width, height: 240,
      series: [{}, ...sites.map(([, name], i) => ({ label: name, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true }))],
      axes: [{}, {}],
    };
    $(el).replaceChildren();
    charts.push(new uPlot(opts, [xs, ...series(field)], $(el)));
  };
  plot("chart-orders", "orders");
  plot("chart-delivery", "averageDelivery");
  plot("chart-p90", "p90Delivery");
  plot("chart-target", "percentOnTarget");
}

async function refresh() {
  if (!localStorage.getItem("openttCloudToken")) return;
  try {
    const [sites, stats] = await Promise.all([api("/cloud/v1/sites"), api("/cloud/v1/statistics")]);
    text($("account"), "· " + sites.account.name);
    renderSites(sites.items);
    renderCharts(stats.items);
    text($("error"), "");
  } catch (e) {
    text($("error"), String(e.message || e));
  }
}

$("login").addEventListener("submit", (e) => {
  e.preventDefault();
  localStorage.setItem("openttCloudToken", $("token").value.trim());
  $("token").value = "";
  refresh();
});
refresh();
setInterval(refresh, 30000);
</script>
</body>
</html>
`;
