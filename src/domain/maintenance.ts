// The clock-driven rules (spec §2, §5): timed pages end, forgotten orders clear with reason
// AUTOMATIC, and history older than historyDays is purged. The gateway runs this every
// second and whenever the simulated clock jumps.
import type { OrderService } from "./orders.js";
import type { Store } from "./ports.js";
import type { SettingsService } from "./settings.js";
import type { TrackerInventory } from "./trackers.js";

export interface MaintenanceResult {
  pagesEnded: number;
  autoCleared: number;
  purged: number;
}

export function runMaintenance(
  now: number,
  parts: { orders: OrderService; trackers: TrackerInventory; settings: SettingsService; store: Store },
  purge: boolean,
): MaintenanceResult {
  const s = parts.settings.get();
  const pagesEnded = parts.trackers.expirePaging(now);
  const autoCleared = parts.orders.clearOlderThan(now - s.autoClearHours * 3600_000);
  const purged = purge ? parts.store.orders.purgeCreatedBefore(now - s.historyDays * 86400_000) : 0;
  return { pagesEnded, autoCleared, purged };
}
