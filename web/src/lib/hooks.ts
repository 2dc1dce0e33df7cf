// Small hooks the views share: a ticking "now", the hash route, and the simulated clock's offset.
import { useEffect, useState } from "preact/hooks";
import type { Client } from "../app-context.js";

/** Date.now(), re-rendering every `everyMs` (elapsed times tick once a second). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

const ROUTES = ["board", "plan", "history", "stats", "settings", "floor"] as const;
export type Route = (typeof ROUTES)[number];

function readRoute(): Route {
  const r = location.hash.replace(/^#\/?/, "").split(/[?&]/)[0] as Route;
  return ROUTES.includes(r) ? r : "board";
}

/** The view named in the fragment (`#/history`); the board by default. */
export function useRoute(): Route {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const on = () => setRoute(readRoute());
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return route;
}

/**
 * How far (s) a simulated gateway's clock runs ahead of real time; 0 on real hardware, null
 * until known. Elapsed
 * times add its jumps, so cards age when someone moves the clock. Re-read every 15 s and
 * whenever `bump` changes (the floor panel bumps it after moving the clock).
 */
export function useSimOffset(client: Client, sim: boolean | null, bump = 0): number | null {
  const [offset, setOffset] = useState<number | null>(null);
  useEffect(() => {
    if (sim === false) setOffset(0);
    if (!sim) return;
    let live = true;
    const read = () =>
      client.sim.clock().then(
        (c) => live && setOffset(c.offsetSeconds),
        () => undefined,
      );
    read();
    const timer = setInterval(read, 15_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, sim, bump]);
  return offset;
}
