// The live board's data: the SDK's WebSocket subscription (snapshot, then deltas, reconnecting
// by itself) turned into preact state, plus when the connection was lost and when it came back.
import { useEffect, useRef, useState } from "preact/hooks";
import type { ActiveOrder, FloorPlan } from "../../../src/protocol/wire.js";
import { subscribe } from "../../../src/sdk/index.js";
import type { Receipt } from "./elapsed.js";
import { isAuthFailure } from "./errors.js";

type LinkStatus = "connecting" | "open" | "reconnecting" | "closed";

export interface LiveOrders {
  orders: ActiveOrder[];
  status: LinkStatus;
  /** Set while the link is down after having been up. */
  lostAt: number | null;
  /** Set for a while after the link came back. */
  backAt: number | null;
  /** Number of order events seen; views refresh derived data (trackers) when it moves. */
  events: number;
  /** When each order (by uuid) last arrived in a frame: the base its elapsed time ticks from. */
  receipts: ReadonlyMap<string, Receipt>;
  /** The floor plan last pushed by the gateway (FLOORPLAN_CHANGED); null until one is saved. */
  floorplan: FloorPlan | null;
}

const BACK_NOTICE_MS = 5000;

export function useLiveOrders(
  baseUrl: string,
  token: string,
  onAuthFailure: () => void,
  simOffset: number | null,
): LiveOrders {
  const [state, setState] = useState<LiveOrders>({
    orders: [],
    status: "connecting",
    lostAt: null,
    backAt: null,
    events: 0,
    receipts: new Map(),
    floorplan: null,
  });
  const simRef = useRef(simOffset);
  simRef.current = simOffset;
  const receiptsRef = useRef(new Map<string, Receipt>());
  useEffect(() => {
    // Frames that came before the simulated clock's offset was known ticked from "now" on.
    if (simOffset === null) return;
    for (const r of receiptsRef.current.values()) r.sim ??= simOffset;
  }, [simOffset]);
  useEffect(() => {
    const sub = subscribe({ baseUrl, token, floorplan: true });
    const receipts = receiptsRef.current;
    const stamp = (uuid: string) => receipts.set(uuid, { at: Date.now(), sim: simRef.current });
    let wasOpen = false;
    let backTimer: ReturnType<typeof setTimeout> | undefined;
    const offs = [
      sub.on("snapshot", (snap) => {
        receipts.clear();
        for (const o of snap.items) stamp(o.uuid);
      }),
      sub.on("event", (e) => stamp(e.uuid)),
      sub.on("floorplan", (f) => setState((s) => ({ ...s, floorplan: f.floorplan }))),
      sub.on("orders", (orders: readonly ActiveOrder[]) =>
        setState((s) => ({ ...s, orders: [...orders], events: s.events + 1, receipts: new Map(receipts) })),
      ),
      sub.on("status", (status: LinkStatus) => {
        setState((s) => {
          if (status === "open") {
            const back = wasOpen && s.lostAt !== null;
            wasOpen = true;
            if (back) {
              clearTimeout(backTimer);
              backTimer = setTimeout(() => setState((x) => ({ ...x, backAt: null })), BACK_NOTICE_MS);
            }
            return { ...s, status, lostAt: null, backAt: back ? Date.now() : s.backAt };
          }
          const lost = wasOpen && s.lostAt === null ? Date.now() : s.lostAt;
          return { ...s, status, lostAt: lost, backAt: null };
        });
      }),
      sub.on("error", (e: unknown) => {
        if (isAuthFailure(e)) onAuthFailure();
      }),
    ];
    return () => {
      for (const off of offs) off();
      clearTimeout(backTimer);
      sub.close();
    };
  }, [baseUrl, token, onAuthFailure]);
  return state;
}
