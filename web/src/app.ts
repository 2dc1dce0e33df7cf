// The dashboard shell: the welcome screen until this device holds a token, then the header (views,
// connection state, large-type switch) around the current view. Owns what outlives a view: the
// SDK client, the WebSocket subscription, settings, toasts and the confirmation dialog.
import { html } from "htm/preact";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { GatewaySettings } from "../../src/protocol/wire.js";
import { createClient } from "../../src/sdk/index.js";
import { AppContext, type AppServices, type ConfirmRequest, type ToastKind } from "./app-context.js";
import { ConfirmDialog } from "./components/confirm-dialog.js";
import { ConnectionBanner } from "./components/connection-banner.js";
import { RadioBanner } from "./components/radio-banner.js";
import { type Toast, Toasts } from "./components/toasts.js";
import { isMuted, useAlerts } from "./lib/alerts.js";
import { ordersWithElapsed } from "./lib/elapsed.js";
import { isAuthFailure } from "./lib/errors.js";
import { type Route, useNow, useRoute, useSimOffset } from "./lib/hooks.js";
import { useLiveOrders } from "./lib/live-orders.js";
import { useRadio } from "./lib/radio.js";
import { savePref } from "./lib/prefs.js";
import { forgetToken, type StoredToken, saveToken, saveTv, takeFragmentSettings } from "./lib/token-store.js";
import { BoardView } from "./views/board.js";
import { FloorView } from "./views/floor.js";
import { FloorplanView } from "./views/floorplan.js";
import { HistoryView } from "./views/history.js";
import { SettingsView } from "./views/settings.js";
import { StatsView } from "./views/stats.js";
import { WelcomeView } from "./views/welcome.js";

/** Same origin: the gateway serves this page. */
const BASE_URL = "";
/** How long a toast stays: errors longer, so there is time to read the gateway's reason. */
const TOAST_MS: Record<ToastKind, number> = { info: 4000, success: 4000, error: 10_000 };

const NAV: { route: Route; label: string }[] = [
  { route: "board", label: "Board" },
  { route: "plan", label: "Floor plan" },
  { route: "history", label: "History" },
  { route: "stats", label: "Statistics" },
  { route: "settings", label: "Settings" },
  { route: "floor", label: "Floor" },
];

export function App(props: { initialToken: StoredToken | null; initialTv: boolean }) {
  const [stored, setStored] = useState(props.initialToken);
  const [reason, setReason] = useState<string | null>(null);
  const [tv, setTv] = useState(props.initialTv);
  useEffect(() => {
    document.documentElement.classList.toggle("tv", tv);
    saveTv(tv);
  }, [tv]);

  const onToken = (t: StoredToken) => {
    saveToken(t);
    setReason(null);
    setStored(t);
    if (!location.hash) location.hash = "#/board";
  };
  // A kiosk link pasted into a tab that is already open changes only the fragment: read it the
  // same way main.ts reads it on a fresh load, so both take the token and the large type.
  useEffect(() => {
    const onHash = () => {
      const f = takeFragmentSettings(location, history);
      if (f.tv !== undefined) setTv(f.tv);
      if (f.token) {
        saveToken({ token: f.token, name: null });
        setReason(null);
        setStored({ token: f.token, name: null });
      }
    };
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  const logout = useCallback((why?: string) => {
    forgetToken();
    setReason(why ?? null);
    setStored(null);
  }, []);

  if (!stored) return html`<${WelcomeView} baseUrl=${BASE_URL} reason=${reason} onToken=${onToken} />`;
  return html`<${Dashboard} key=${stored.token} stored=${stored} tv=${tv} setTv=${setTv} logout=${logout} />`;
}

function Dashboard(props: { stored: StoredToken; tv: boolean; setTv(v: boolean): void; logout(why?: string): void }) {
  const { stored, logout } = props;
  const client = useMemo(() => createClient({ baseUrl: BASE_URL, token: stored.token }), [stored.token]);
  const route = useRoute();
  const now = useNow();
  const [clockBump, setClockBump] = useState(0);
  const [settings, setSettings] = useState<GatewaySettings | null>(null);
  const [sim, setSim] = useState<boolean | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [confirming, setConfirming] = useState<{ req: ConfirmRequest; resolve(ok: boolean): void } | null>(null);
  const nextToast = useRef(1);

  const onAuthFailure = useCallback(() => logout("The gateway no longer accepts this screen's token."), [logout]);
  const simOffset = useSimOffset(client, sim, clockBump);
  const live = useLiveOrders(BASE_URL, stored.token, onAuthFailure, simOffset);
  const radio = useRadio(client);

  const reloadSettings = useCallback(async () => {
    try {
      setSettings(await client.getSettings());
    } catch (e) {
      if (isAuthFailure(e)) onAuthFailure();
    }
  }, [client, onAuthFailure]);
  useEffect(() => {
    reloadSettings();
    client.sim.clock().then(
      () => setSim(true),
      () => setSim(false),
    );
  }, [client, reloadSettings]);

  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  // A toast belongs to the view that raised it: shown only there, dropped when the view is left,
  // and gone by itself after a while (errors included), so no message follows to another view.
  const notifyFrom = useCallback(
    (view: Route) =>
      (message: string, kind: ToastKind = "info") => {
        const id = nextToast.current++;
        setToasts((ts) => [...ts.slice(-3), { id, message, kind, view }]);
        setTimeout(() => dismiss(id), TOAST_MS[kind]);
      },
    [dismiss],
  );
  const notify = useMemo(() => notifyFrom(route), [notifyFrom, route]);
  useEffect(() => setToasts((ts) => ts.filter((t) => t.view === route)), [route]);
  const confirm = useCallback(
    (req: ConfirmRequest) => new Promise<boolean>((resolve) => setConfirming({ req, resolve })),
    [],
  );
  const answer = useCallback(
    (ok: boolean) => {
      confirming?.resolve(ok);
      setConfirming(null);
    },
    [confirming],
  );

  const services: AppServices = useMemo(
    () => ({
      client,
      baseUrl: BASE_URL,
      token: stored.token,
      tokenName: stored.name,
      settings,
      reloadSettings,
      sim,
      radio,
      notify,
      confirm,
      logout,
    }),
    [client, stored, settings, reloadSettings, sim, radio, notify, confirm, logout],
  );

  const [muted, setMuted] = useState(isMuted);
  useAlerts(
    ordersWithElapsed(live, now, simOffset),
    settings && live.events > 0 ? settings.targetTimeDefault : null,
    useCallback((text: string) => notifyFrom(route)(text, "error"), [notifyFrom, route]),
  );
  const toggleMute = () => {
    savePref("alertsMuted", muted ? "no" : "yes");
    setMuted(!muted);
    // Asked on a tap, as browsers require: notifications then show even when the tab is hidden.
    if ("Notification" in window && Notification.permission === "default") Notification.requestPermission();
  };

  const dot = live.status === "open" ? "up" : live.lostAt !== null ? "down" : "wait";
  return html`<${AppContext.Provider} value=${services}>
    <header class="topbar">
      <a class="brand" href="#/board" aria-label="opentt home"><span class="logo">◉</span> opentt</a>
      <nav class="tabs" aria-label="Views">
        ${NAV.map(
          (n) =>
            html`<a href=${`#/${n.route}`} class=${route === n.route ? "tab active" : "tab"}
              aria-current=${route === n.route ? "page" : undefined} data-nav=${n.route}>${n.label}</a>`,
        )}
      </nav>
      <div class="topbar-tools">
        <button class="icon" onClick=${toggleMute} aria-pressed=${muted} data-action="mute"
          title=${muted ? "Alerts are silent on this screen: tap to sound them" : "Tap to silence alerts on this screen"}
          >${muted ? "🔕" : "🔔"}</button>
        <span class=${`link-dot link-${dot}`} title=${`Live link: ${live.status}`} data-link=${live.status}></span>
        <button class="icon" onClick=${() => props.setTv(!props.tv)} aria-pressed=${props.tv}
          title="Large type for a kitchen TV" data-action="tv">A<span class="big-a">A</span></button>
      </div>
    </header>
    <${ConnectionBanner} live=${live} now=${now} />
    <${RadioBanner} radio=${radio} />
    <main class="content">
      ${
        route === "board"
          ? html`<${BoardView} live=${live} now=${now} simOffset=${simOffset} />`
          : route === "plan"
            ? html`<${FloorplanView} live=${live} now=${now} simOffset=${simOffset} />`
            : route === "history"
              ? html`<${HistoryView} />`
              : route === "stats"
                ? html`<${StatsView} live=${live} now=${now} simOffset=${simOffset} />`
                : route === "settings"
                  ? html`<${SettingsView} />`
                  : html`<${FloorView} events=${live.events} onClockMoved=${() => setClockBump((b) => b + 1)} />`
      }
    </main>
    <${Toasts} toasts=${toasts.filter((t) => t.view === route)} dismiss=${dismiss} />
    ${confirming ? html`<${ConfirmDialog} request=${confirming.req} answer=${answer} />` : null}
  <//>`;
}
