// Gateway settings (spec §7): validated as a whole before any is saved, persisted, and
// in force at once. Messages follow the original's shape, which clients may parse.

import { asObject } from "../protocol/input.js";
import { isValidZone, systemZone } from "../protocol/local-time.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { GatewaySettings, OrderType } from "../protocol/wire.js";
import type { EventBus } from "./events.js";
import type { Store } from "./ports.js";

const DEFAULT_SETTINGS: Readonly<Omit<GatewaySettings, "timezone">> = Object.freeze({
  zigbeePreset: "A",
  targetTimeDefault: 300,
  historyDays: 14,
  autoClearHours: 12,
});

type Rule = { ok: (v: unknown) => boolean; hint: string };
const intIn = (lo: number, hi: number): Rule => ({
  ok: (v) => typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi,
  hint: `Use an integer from ${lo} to ${hi}.`,
});

const RULES: Record<keyof GatewaySettings, Rule> = {
  zigbeePreset: { ok: (v) => typeof v === "string" && /^[A-H]$/.test(v), hint: "Use a letter from A to H." },
  targetTimeDefault: intIn(1, 86400),
  timezone: { ok: isValidZone, hint: "Use an IANA zone name like America/New_York or a UTC offset like -05:00." },
  historyDays: intIn(1, 90),
  autoClearHours: intIn(1, 72),
  pageWhenReady: {
    ok: (v) => v === "none" || v === "toGo" || v === "all",
    hint: "Use none, toGo (page to-go orders when marked ready) or all.",
  },
};

function isSettingsKey(k: string): k is keyof GatewaySettings {
  return Object.hasOwn(RULES, k);
}

export class SettingsService {
  readonly #store: Store;
  readonly #events: EventBus;
  #current: GatewaySettings;

  constructor(store: Store, events: EventBus, defaults: Partial<GatewaySettings> = {}) {
    this.#store = store;
    this.#events = events;
    const saved = store.settings.load();
    const merged = { ...DEFAULT_SETTINGS, timezone: systemZone(), ...defaults } as GatewaySettings;
    for (const k of Object.keys(RULES) as Array<keyof GatewaySettings>) {
      // A value saved by an older version that no longer validates falls back to the default.
      if (saved[k] !== undefined && RULES[k].ok(saved[k])) (merged as unknown as Record<string, unknown>)[k] = saved[k];
    }
    this.#current = Object.freeze(merged);
  }

  get(): Readonly<GatewaySettings> {
    return this.#current;
  }

  get zone(): string {
    return this.#current.timezone;
  }

  /** [opentt] Whether a ready mark also pages this order's tracker (default: never). */
  pagesWhenReady(o: { orderType: OrderType }): boolean {
    const mode = this.#current.pageWhenReady ?? "none";
    return mode === "all" || (mode === "toGo" && o.orderType === "TO_GO");
  }

  /** POST /gateway/settings: any subset; all keys are checked before anything changes. */
  update(body: unknown): GatewaySettings {
    const input = asObject(body);
    for (const k of Object.keys(input)) {
      if (!isSettingsKey(k))
        throw new TrackerError(
          "INVALID_SETTINGS_KEY",
          `Invalid settings key: ${k}. Valid keys: ${Object.keys(RULES).join(", ")}.`,
        );
    }
    for (const [k, v] of Object.entries(input)) {
      const rule = RULES[k as keyof GatewaySettings];
      if (!rule.ok(v)) {
        throw new TrackerError(
          "INVALID_SETTINGS_VALUE",
          `Invalid value ${JSON.stringify(v)} for key ${k}. ${rule.hint}`,
        );
      }
    }
    const changes = input as Partial<GatewaySettings>;
    this.#store.settings.save(changes);
    this.#current = Object.freeze({ ...this.#current, ...changes });
    this.#events.emit("settingsChanged", { keys: Object.keys(changes) });
    return this.#current;
  }
}
