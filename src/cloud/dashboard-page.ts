// The dashboard page itself: plain HTML and a small script, no build step. It wears the gateway
// dashboard's theme (/assets/theme.css, the same file), shows only a sign-in screen until an
// account token works, and charts each day over the days that have data. The token stays in this
// browser's localStorage and goes only to this cloud's own API.
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<title>opentt cloud</title>
<link rel="stylesheet" href="/assets/theme.css">
<link rel="stylesheet" href="/assets/uplot.css">
<style>
  [hidden] { display: none !important; }
  header { display: flex; gap: 1rem; align-items: center; padding: 0.5rem 1rem; background: #0b1016ee;
    border-bottom: 1px solid var(--line); }
  header h1 { font-size: 1.15rem; margin: 0; flex: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .logo { color: var(--accent); }
  main { padding: 1rem; display: grid; gap: 1rem; max-width: 1600px; margin: 0 auto; }
  section { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius);
    padding: 0.75rem 1rem; min-width: 0; }
  h2 { font-size: 1rem; margin: 0 0 0.5rem; }
  .table-wrap { overflow-x: auto; }
  table.sites { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  .sites th, .sites td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
  .sites th { font-weight: 600; color: var(--muted); font-size: 0.85rem; }
  .badge { padding: 0.1rem 0.5rem; border-radius: 999px; font-size: 0.8rem; font-weight: 600; border: 1px solid; }
  .ok { color: #7ee787; border-color: var(--ok); } .behind { color: #f2cc60; border-color: var(--warn); }
  .offline { color: #ff8d86; border-color: var(--late); } .not-activated { color: var(--muted); border-color: var(--line); }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); gap: 1rem; }
  .u-legend { color: var(--muted); font-size: 0.85rem; }
  .signin { min-height: 80vh; display: flex; align-items: center; justify-content: center; padding: 1rem; }
  .signin section { width: min(34rem, 100%); padding: 1.25rem; }
  .signin h2 { font-size: 1.5rem; margin-bottom: 0.75rem; }
  .signin form { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 1rem; }
  .signin input { flex: 1 1 16rem; font-family: ui-monospace, monospace; }
  .error { color: #ffb1ab; }
</style>
</head>
<body>
<header>
  <h1><span class="logo">◉</span> opentt cloud <span id="account" class="muted"></span></h1>
  <button id="signout" class="secondary" hidden>Sign out</button>
</header>
<div id="signin" class="signin">
  <section>
    <h2>Sign in</h2>
    <p class="muted">Paste your account's admin token: the one <code>opentt-cloud</code> printed when the
    account was created. It stays in this browser and goes only to this cloud.</p>
    <form id="login"><input id="token" type="password" placeholder="account admin token" autocomplete="off"
      aria-label="Account admin token"><button class="primary">Sign in</button></form>
    <p id="signin-error" class="error" role="alert"></p>
  </section>
</div>
<main id="panels" hidden>
  <div id="error" class="error" role="alert"></div>
  <section><h2>Sites</h2>
    <div class="table-wrap"><table class="sites"><thead><tr><th>Site</th><th>Health</th><th>Last seen</th><th>Sync lag</th>
    <th>Pending</th><th>Orders received</th><th>Zone</th><th>Gateway</th></tr></thead><tbody id="sites"></tbody></table></div>
    <p id="replica" class="muted"></p>
  </section>
  <div class="charts">
    <section><h2>Orders per day</h2><div id="chart-orders"></div></section>
    <section><h2>Average delivery time per day (s)</h2><div id="chart-delivery"></div></section>
    <section><h2>p90 delivery time per day (s)</h2><div id="chart-p90"></div></section>
    <section><h2>Percent on target per day</h2><div id="chart-target"></div></section>
    <section><h2>Average ready → delivered per day (s)</h2><div id="chart-ready"></div></section>
  </div>
</main>
<script src="/assets/uplot.js"></script>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const KEY = "openttCloudToken";
const COLORS = ["#4c8dff", "#f0883e", "#3fb950", "#d2a8ff", "#f2cc60", "#39c5cf", "#ff8d86", "#9aa4b2"];
const DAY = 86400;
let charts = [];

function text(el, s) { el.textContent = s; return el; }
function ago(iso) {
  if (!iso) return "never";
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  return s < 90 ? s + " s ago" : s < 5400 ? Math.round(s / 60) + " min ago" : Math.round(s / 3600) + " h ago";
}

/** The sign-in screen until a token works; the panels after. */
function signedIn(yes) {
  $("signin").hidden = yes;
  $("panels").hidden = !yes;
  $("signout").hidden = !yes;
  if (!yes) { charts.forEach((c) => c.destroy()); charts = []; text($("account"), ""); }
}

async function api(path) {
  const res = await fetch(path, { headers: { authorization: "Bearer " + localStorage.getItem(KEY) } });
  const body = await res.json();
  if (!res.ok) throw Object.assign(new Error(body.message || "HTTP " + res.status), { status: res.status });
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

// Where this view was read and how far the read replica trails the primary (issue 19).
function renderReplica(sites) {
  const r = sites.replica;
  if (!r || !r.configured) return text($("replica"), "");
  const state = r.streaming ? "replica lag " + r.lagSeconds + " s (" + r.lagBytes + " bytes)" : "replica not streaming";
  text($("replica"), "Read from the " + sites.readFrom + " · " + state);
}

function renderCharts(stats) {
  charts.forEach((c) => c.destroy());
  charts = [];
  const days = [...new Set(stats.map((d) => d.day))].sort();
  const sites = [...new Map(stats.map((d) => [d.siteId, d.siteName])).entries()];
  // A day's figure sits at its noon; the axis spans the first day's midnight to the last day's end,
  // read as UTC so a day is labelled as the site's own date wherever the browser is.
  const xs = days.map((d) => Date.parse(d + "T12:00:00Z") / 1000);
  const span = xs.length ? [xs[0] - DAY / 2, xs[xs.length - 1] + DAY / 2] : [0, DAY];
  const css = getComputedStyle(document.documentElement);
  const muted = css.getPropertyValue("--muted").trim();
  const axis = { stroke: muted, grid: { stroke: "#ffffff14" }, ticks: { stroke: "#ffffff14" } };
  const series = (field) => sites.map(([id]) => days.map((day) => {
    const row = stats.find((d) => d.siteId === id && d.day === day);
    return row ? row[field] : null;
  }));
  // Orders are counted, so their axis steps by whole orders (1, 2, 5, 10, 20, 50 …), never 0.5.
  const counts = [1, 10, 100, 1000, 10000, 100000].flatMap((p) => [p, 2 * p, 5 * p]);
  const plot = (el, field, whole) => {
    const width = Math.max(280, $(el).clientWidth || 480);
    const opts = {
      width, height: 240,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: { x: { time: true, range: () => span } },
      series: [{}, ...sites.map(([, name], i) => ({ label: name, stroke: COLORS[i % COLORS.length], width: 2,
        spanGaps: true, points: { show: true, size: 7 } }))],
      axes: [{ ...axis, incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY] },
        whole ? { ...axis, incrs: counts } : axis],
    };
    $(el).replaceChildren();
    charts.push(new uPlot(opts, [xs, ...series(field)], $(el)));
  };
  plot("chart-orders", "orders", true);
  plot("chart-delivery", "averageDelivery");
  plot("chart-p90", "p90Delivery");
  plot("chart-target", "percentOnTarget");
  plot("chart-ready", "averageReadyToDelivered");
}

async function refresh() {
  if (!localStorage.getItem(KEY)) return signedIn(false);
  try {
    const [sites, stats] = await Promise.all([api("/cloud/v1/sites"), api("/cloud/v1/statistics")]);
    signedIn(true);
    text($("account"), "· " + sites.account.name);
    renderSites(sites.items);
    renderReplica(sites);
    renderCharts(stats.items);
    text($("error"), "");
    text($("signin-error"), "");
  } catch (e) {
    const msg = String(e.message || e);
    if (e.status === 401 || e.status === 400) {
      // The token does not open this account: back to the sign-in screen, saying why in its words.
      localStorage.removeItem(KEY);
      signedIn(false);
      text($("signin-error"), e.status === 400
        ? "That is not an account admin token: paste the whole token opentt-cloud printed."
        : "This cloud knows no such account admin token (or it was revoked): check it and sign in again.");
    } else if ($("panels").hidden) text($("signin-error"), msg);
    else text($("error"), msg);
  }
}

$("login").addEventListener("submit", (e) => {
  e.preventDefault();
  const token = $("token").value.trim();
  if (!token) return text($("signin-error"), "Paste the account admin token first.");
  localStorage.setItem(KEY, token);
  $("token").value = "";
  refresh();
});
$("signout").addEventListener("click", () => {
  localStorage.removeItem(KEY);
  signedIn(false);
});
// With a token remembered, neither screen shows until it is checked: no sign-in flash, no empty panels.
$("signin").hidden = Boolean(localStorage.getItem(KEY));
refresh();
setInterval(refresh, 30000);
</script>
</body>
</html>
`;
