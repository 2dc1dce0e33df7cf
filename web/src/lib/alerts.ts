// [opentt] Alerts (issue 18.3): a beep and a notification when an order turns late, or when a
// ready order has waited for its runner longer than this screen's limit. Each order sounds at
// most once per state; what was already late when the screen opened does not sound.
import { useEffect, useRef } from "preact/hooks";
import type { ActiveOrder } from "../../../src/protocol/wire.js";
import { t } from "../i18n/index.js";
import { loadPref } from "./prefs.js";
import { readyWait } from "./ready.js";

type AlertKind = "late" | "readyWaiting";

export interface Alert {
  order: string;
  kind: AlertKind;
  /** Whether a sound was played (false when this screen is muted). */
  sound: boolean;
}

declare global {
  interface Window {
    /** Every alert this page raised, in order: for tests and for a look in the console. */
    __otAlerts?: Alert[];
  }
}

const READY_LIMITS = ["60", "120", "180", "300", "600"] as const;
const readyLimit = () => Number(loadPref("readyAlertSeconds", READY_LIMITS, "120"));
export const isMuted = () => loadPref("alertsMuted", ["yes", "no"], "no") === "yes";

/** The states each order is in now. */
function alertStates(
  rows: readonly { o: ActiveOrder; elapsed: number }[],
  target: number,
  readyLimitSeconds: number,
): Map<string, { name: string; kinds: AlertKind[] }> {
  const out = new Map<string, { name: string; kinds: AlertKind[] }>();
  for (const { o, elapsed } of rows) {
    const kinds: AlertKind[] = [];
    if (target > 0 && elapsed > target) kinds.push("late");
    const wait = readyWait(o, elapsed);
    if (wait !== null && wait > readyLimitSeconds) kinds.push("readyWaiting");
    out.set(o.uuid, { name: o.name, kinds });
  }
  return out;
}

/**
 * Remembers which (order, state) pairs have sounded. `next` answers the pairs that are new; on
 * the first call it answers none, so opening a screen mid-shift is silent.
 */
class AlertMemory {
  #fired = new Set<string>();
  #primed = false;

  next(states: ReturnType<typeof alertStates>): Array<{ uuid: string; name: string; kind: AlertKind }> {
    const fresh: Array<{ uuid: string; name: string; kind: AlertKind }> = [];
    const live = new Set<string>();
    for (const [uuid, s] of states) {
      for (const kind of s.kinds) {
        const key = `${uuid}:${kind}`;
        live.add(key);
        if (!this.#fired.has(key)) {
          this.#fired.add(key);
          if (this.#primed) fresh.push({ uuid, name: s.name, kind });
        }
      }
    }
    // An order gone (cleared) is forgotten; a state left (ready mark undone) may sound again later.
    for (const key of this.#fired) if (!live.has(key)) this.#fired.delete(key);
    this.#primed = true;
    return fresh;
  }
}

let audio: AudioContext | undefined;

/** A short two-tone beep, made in the browser: no sound file to download. */
function beep(): void {
  try {
    audio ??= new AudioContext();
    const t0 = audio.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.2, t0 + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, t0 + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0 + i * 0.18);
      osc.stop(t0 + i * 0.18 + 0.17);
    }
  } catch {
    // No audio output: the notification and the on-screen message still show.
  }
}

/** Runs on every render of the shell: raises what turned late or waits too long since the last one. */
export function useAlerts(
  rows: readonly { o: ActiveOrder; elapsed: number }[],
  /** null until the settings and the first snapshot are in: nothing is judged before. */
  target: number | null,
  show: (text: string) => void,
): void {
  const memory = useRef(new AlertMemory());
  useEffect(() => {
    if (target === null) return;
    const fresh = memory.current.next(alertStates(rows, target, readyLimit()));
    if (fresh.length === 0) return;
    const muted = isMuted();
    if (!muted) beep();
    for (const a of fresh) {
      const text = a.kind === "late" ? t().alertLate(a.name) : t().alertReadyWaiting(a.name);
      window.__otAlerts = [...(window.__otAlerts ?? []), { order: a.name, kind: a.kind, sound: !muted }];
      show(text);
      if ("Notification" in window && Notification.permission === "granted") {
        try {
          new Notification(t().pageTitle, { body: text, tag: `${a.uuid}:${a.kind}` });
        } catch {
          // Some browsers allow notifications only from a service worker: the message still shows.
        }
      }
    }
  });
}
