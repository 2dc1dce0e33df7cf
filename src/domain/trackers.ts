// The tracker inventory (spec §10) and paging (spec §2): which trackers the gateway has seen,
// where they are, and which are vibrating until when. The radio is behind RadioPort.
import { formatLocal } from "../protocol/local-time.js";
import type { TrackerItem } from "../protocol/wire.js";
import type { Clock } from "./clock.js";
import type { Store } from "./ports.js";
import { PAGE_UNTIL_DOCKED, type TrackerDeviceStatus, type TrackerRecord } from "./records.js";

/** What the domain asks of the radio; src/hardware implements it. */
export interface RadioPort {
  readonly online: boolean;
  /** `tracking`: a page that lasts until the tracker is docked (radio.md §1 command). */
  setPaging(tracker: string, on: boolean, tracking?: boolean): void;
}

/** Non-tracking pages vibrate this long (spec §2). */
export const PAGE_SECONDS = 60;
/** Meta key: each cleared tracker's last report time, so clearing the list keeps stale events out. */
const CLEARED_KEY = "clearedTrackersLastSeen";

/** A tracker off its dock that has not reported for this long is shown as missing. */
const MISSING_AFTER_MS = 60 * 60 * 1000;

export class TrackerInventory {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #trackers = new Map<string, TrackerRecord>();
  /** Last report times of trackers the list no longer holds (cleared by DELETE /api/v2/trackers). */
  readonly #cleared: Map<string, number>;
  #radio: RadioPort = { online: false, setPaging: () => {} };

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
    for (const t of store.trackers.loadAll()) this.#trackers.set(t.name, t);
    this.#cleared = new Map(Object.entries(JSON.parse(store.meta.get(CLEARED_KEY) ?? "{}") as Record<string, number>));
  }

  attachRadio(radio: RadioPort): void {
    this.#radio = radio;
    // A radio that comes up after a restart must resume what was paging.
    for (const t of this.#trackers.values())
      if (this.isPaging(t)) radio.setPaging(t.name, true, t.pagingUntil === PAGE_UNTIL_DOCKED);
  }

  get radioOnline(): boolean {
    return this.#radio.online;
  }

  isSeen(name: string): boolean {
    return this.#trackers.has(name);
  }

  get(name: string): TrackerRecord | undefined {
    return this.#trackers.get(name);
  }

  /**
   * When the tracker's newest applied report happened, even if the list was cleared since: a
   * radio event older than this is stale (a broker's redelivery must not undo newer news).
   */
  lastApplied(name: string): number | undefined {
    return this.#trackers.get(name)?.lastSeen ?? this.#cleared.get(name);
  }

  /** Every tracker the gateway has seen, as it last reported. */
  records(): TrackerRecord[] {
    return [...this.#trackers.values()];
  }

  isPaging(t: TrackerRecord, now = this.#clock.now()): boolean {
    return t.pagingUntil !== null && t.pagingUntil > now;
  }

  /** A tracker reported in: record what it said (at `at`, when the report is older than now). */
  report(
    name: string,
    status: TrackerDeviceStatus,
    fields: { locationName?: string; battery?: number } = {},
    at = this.#clock.now(),
  ): void {
    const prev = this.#trackers.get(name);
    const t: TrackerRecord = {
      name,
      status,
      locationName: status === "located" ? (fields.locationName ?? prev?.locationName ?? "") : "",
      battery: fields.battery ?? prev?.battery ?? 100,
      lastSeen: Math.max(at, prev?.lastSeen ?? at),
      pagingUntil: prev?.pagingUntil ?? null,
    };
    this.#save(t);
  }

  startPaging(name: string, tracking: boolean, now: number): void {
    const t = this.#trackers.get(name);
    if (!t) return;
    this.#save({ ...t, pagingUntil: tracking ? PAGE_UNTIL_DOCKED : now + PAGE_SECONDS * 1000 });
    this.#radio.setPaging(name, true, tracking);
  }

  /** Returns whether the tracker was paging. */
  stopPaging(name: string): boolean {
    const t = this.#trackers.get(name);
    if (!t || t.pagingUntil === null) return false;
    const was = this.isPaging(t);
    this.#save({ ...t, pagingUntil: null });
    this.#radio.setPaging(name, false);
    return was;
  }

  /**
   * Puts a tracker's memory (and its radio) back as it was, after the transaction that changed
   * it rolled back: the database already holds `record`.
   */
  restore(name: string, record: TrackerRecord | undefined): void {
    const now = this.#trackers.get(name);
    if (record) this.#trackers.set(name, record);
    else this.#trackers.delete(name);
    const was = record !== undefined && this.isPaging(record);
    if (now !== undefined && this.isPaging(now) !== was) this.#radio.setPaging(name, was);
  }

  /** Ends timed pages whose minute is up; returns how many stopped. */
  expirePaging(now = this.#clock.now()): number {
    let n = 0;
    for (const t of this.#trackers.values()) {
      if (t.pagingUntil !== null && t.pagingUntil <= now) {
        this.#save({ ...t, pagingUntil: null });
        this.#radio.setPaging(t.name, false);
        n++;
      }
    }
    return n;
  }

  /** Forgets every tracker (spec §10), but not when each last reported: see lastApplied(). */
  clear(): void {
    for (const t of this.#trackers.values()) {
      if (t.pagingUntil !== null) this.#radio.setPaging(t.name, false);
      this.#cleared.set(t.name, Math.max(t.lastSeen, this.#cleared.get(t.name) ?? t.lastSeen));
    }
    this.#store.transaction(() => {
      this.#store.trackers.clear();
      this.#store.meta.set(CLEARED_KEY, JSON.stringify(Object.fromEntries(this.#cleared)));
    });
    this.#trackers.clear();
  }

  list(zone: string): TrackerItem[] {
    const now = this.#clock.now();
    return [...this.#trackers.values()]
      .sort((a, b) => Number(a.name) - Number(b.name))
      .map((t) => ({
        name: t.name,
        status: this.isPaging(t, now)
          ? "paging"
          : t.status !== "docked" && now - t.lastSeen > MISSING_AFTER_MS
            ? "missing"
            : t.status,
        locationName: t.locationName,
        battery: t.battery,
        lastSeen: formatLocal(t.lastSeen, zone),
      }));
  }

  #save(t: TrackerRecord): void {
    this.#store.trackers.upsert(t);
    this.#trackers.set(t.name, t);
  }
}
