// The live board: every active order as a card, oldest first, updated from the WebSocket, with
// page / unpage / clear (confirmed) on each card and a confirmed "clear all"; or the same orders
// on a grid of tables, for a glance from the pass.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { ActiveOrder } from "../../../src/protocol/wire.js";
import { useApp } from "../app-context.js";
import { OrderCard } from "../components/order-card.js";
import { pageBlockedReason } from "../components/radio-banner.js";
import { TableGrid } from "../components/table-grid.js";
import { ordersWithElapsed } from "../lib/elapsed.js";
import { errorText, isPagingImpossible } from "../lib/errors.js";
import type { LiveOrders } from "../lib/live-orders.js";
import { loadPref, savePref } from "../lib/prefs.js";
import { readyFirst, readyWait } from "../lib/ready.js";
import { urgency } from "../lib/urgency.js";

const DEFAULT_TARGET = 300;
const LAYOUTS = ["cards", "tables"] as const;
type Layout = (typeof LAYOUTS)[number];

/** What the board needs of the tracker inventory (GET /trackers). */
interface Inventory {
  /** Trackers vibrating right now. */
  paging: Set<string>;
  /** Trackers the gateway has seen, the only ones it can page (spec §2); null until read. */
  seen: Set<string> | null;
}

/** The tracker inventory; re-read when orders change, every 15 s, and when `bump` moves. */
function useTrackerInventory(events: number, bump: number): Inventory {
  const { client } = useApp();
  const [inv, setInv] = useState<Inventory>({ paging: new Set(), seen: null });
  useEffect(() => {
    let live = true;
    const read = () =>
      client.trackers().then(
        (list) =>
          live &&
          setInv({
            paging: new Set(list.filter((t) => t.status === "paging").map((t) => t.name)),
            seen: new Set(list.map((t) => t.name)),
          }),
        () => undefined,
      );
    const first = setTimeout(read, 150);
    const timer = setInterval(read, 15_000);
    return () => {
      live = false;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [client, events, bump]);
  return inv;
}

export function BoardView(props: { live: LiveOrders; now: number; simOffset: number | null }) {
  const app = useApp();
  const { live, now, simOffset } = props;
  const target = app.settings?.targetTimeDefault ?? DEFAULT_TARGET;
  // A refused page (the inventory was cleared, say) re-reads the inventory at once.
  const [inventoryBump, setInventoryBump] = useState(0);
  const { paging, seen } = useTrackerInventory(live.events, inventoryBump);
  const pageBlocked = pageBlockedReason(app.radio);
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [layout, setLayoutState] = useState<Layout>(() => loadPref("boardLayout", LAYOUTS, "cards"));
  const setLayout = (l: Layout) => {
    savePref("boardLayout", l);
    setLayoutState(l);
  };
  const [focus, setFocus] = useState<string | null>(null);
  useEffect(() => {
    if (!focus || layout !== "cards") return;
    document.querySelector(`[data-order="${focus}"]`)?.scrollIntoView({ block: "center" });
    const t = setTimeout(() => setFocus(null), 2000);
    return () => clearTimeout(t);
  }, [focus, layout]);
  const open = (name: string) => {
    setFocus(name);
    setLayout("cards");
  };
  const [pagingOverride, setPagingOverride] = useState<Map<string, boolean>>(new Map());
  useEffect(() => setPagingOverride(new Map()), [paging]);

  const act = useCallback(
    async (name: string, what: () => Promise<string | undefined>) => {
      setBusy((b) => new Set(b).add(name));
      try {
        const msg = await what();
        if (msg) app.notify(msg, "success");
      } catch (e) {
        app.notify(errorText(e), "error");
        if (isPagingImpossible(e)) setInventoryBump((b) => b + 1);
      } finally {
        setBusy((b) => {
          const n = new Set(b);
          n.delete(name);
          return n;
        });
      }
    },
    [app],
  );

  const page = (o: ActiveOrder) =>
    act(o.name, async () => {
      await app.client.pageOrder(o.uuid);
      setPagingOverride((m) => new Map(m).set(o.name, true));
      return `Paging tracker ${o.name}`;
    });
  const unpage = (o: ActiveOrder) =>
    act(o.name, async () => {
      const r = await app.client.unpageOrder(o.uuid);
      setPagingOverride((m) => new Map(m).set(o.name, false));
      return r.canceled ? `Stopped paging ${o.name}` : `Tracker ${o.name} was not paging`;
    });
  const clear = async (o: ActiveOrder) => {
    const ok = await app.confirm({
      title: `Clear order ${o.name}?`,
      body: o.locationName ? `Table ${o.locationName} — the order moves to history.` : "The order moves to history.",
      confirmLabel: `Clear ${o.name}`,
      danger: true,
    });
    if (ok) await act(o.name, () => app.client.clearOrder(o.uuid).then(() => `Order ${o.name} cleared`));
  };
  const clearAll = async () => {
    const n = live.orders.length;
    const ok = await app.confirm({
      title: `Clear all ${n} orders?`,
      body: "Every active order moves to history. Use this at closing time.",
      confirmLabel: "Clear all",
      danger: true,
    });
    if (ok) await act("*", () => app.client.clearAllOrders().then((n) => `${n} orders cleared`));
  };

  const markReady = (o: ActiveOrder) =>
    act(o.name, () => app.client.markReady(o.uuid).then(() => `Order ${o.name} ready`));
  const unmarkReady = (o: ActiveOrder) =>
    act(o.name, () => app.client.unmarkReady(o.uuid).then(() => `Order ${o.name} no longer ready`));

  const rows = readyFirst(ordersWithElapsed(live, now, simOffset));
  const late = rows.filter((r) => urgency(r.elapsed, target) === "late").length;

  return html`<section class="view board" aria-labelledby="board-title">
    <div class="view-head">
      <h1 id="board-title">Live board</h1>
      <p class="summary" data-summary>
        <b data-count>${rows.length}</b> active ${late > 0 ? html` · <b class="late-text">${late}</b> late` : null}
      </p>
      <div class="segmented" role="group" aria-label="Layout">
        ${LAYOUTS.map(
          (l) =>
            html`<button class=${layout === l ? "active" : ""} aria-pressed=${layout === l} data-layout=${l}
              onClick=${() => setLayout(l)}>${l === "cards" ? "Cards" : "Tables"}</button>`,
        )}
      </div>
      ${
        rows.length > 0
          ? html`<button class="danger-outline" onClick=${clearAll} disabled=${busy.has("*")}>Clear all</button>`
          : null
      }
    </div>
    ${
      rows.length === 0
        ? html`<div class="empty">
          <p><b>No active orders.</b></p>
          <p class="muted">
            Orders appear here the moment a tracker is started or a POS sends one.
            ${app.sim ? html` Try the <a href="#/floor">simulated floor</a>.` : null}
          </p>
        </div>`
        : layout === "tables"
          ? html`<${TableGrid} rows=${rows} target=${target} onOpen=${open} />`
          : html`<div class="cards">
          ${rows.map(
            ({ o, elapsed }) =>
              html`<${OrderCard}
                key=${o.uuid}
                order=${o}
                elapsed=${elapsed}
                target=${target}
                paging=${pagingOverride.get(o.name) ?? paging.has(o.name)}
                trackerSeen=${seen === null || seen.has(o.name)}
                pageBlocked=${pageBlocked}
                busy=${busy.has(o.name)}
                onPage=${() => page(o)}
                onUnpage=${() => unpage(o)}
                onClear=${() => clear(o)}
                readyWait=${readyWait(o, elapsed)}
                onReady=${() => markReady(o)}
                onUnready=${() => unmarkReady(o)}
                focused=${focus === o.name}
              />`,
          )}
        </div>`
    }
  </section>`;
}
