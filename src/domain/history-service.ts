// The history service: what adapters call for the history (spec §5), today's statistics (§6)
// and range statistics; they hand it the raw query parameters and never query the store.
import { toSummary } from "../protocol/order.js";
import type { Query } from "../protocol/query-params.js";
import type { OrderSummary, RangeStatistics, Statistics } from "../protocol/wire.js";
import type { Clock } from "./clock.js";
import { computeStatistics, parseHistoryQuery, parseTargetTime, todayRange } from "./history.js";
import type { Store } from "./ports.js";
import { computeRangeStatistics, parseRangeQuery } from "./range-statistics.js";

/** What the history service reads of the settings. */
export interface HistorySettings {
  readonly zone: string;
  get(): { targetTimeDefault: number };
}

/** The history, today's statistics and range statistics, from raw query parameters. */
export class HistoryService {
  constructor(
    private readonly store: Pick<Store, "orders">,
    private readonly clock: Clock,
    private readonly settings: HistorySettings,
  ) {}

  /** §5: one page, newest first, times in the gateway's zone. */
  page(query: Query): { count: number; total: number; items: OrderSummary[] } {
    const zone = this.settings.zone;
    const { items, total } = this.store.orders.history(parseHistoryQuery(query, zone));
    return { count: items.length, total, items: items.map((o) => toSummary(o, zone)) };
  }

  /** §6: today's deliveries against `target_time` (default: the setting). */
  today(query: Query): Statistics {
    const target = parseTargetTime(query.target_time, this.settings.get().targetTimeDefault);
    const [from, to] = todayRange(this.clock.now(), this.settings.zone);
    return computeStatistics(this.store.orders.clearedBetween(from, to), target);
  }

  /** [opentt] Hours and tables over `from`..`to`. */
  range(query: Query): RangeStatistics {
    const zone = this.settings.zone;
    const q = parseRangeQuery(query, zone, this.settings.get().targetTimeDefault);
    return computeRangeStatistics(this.store.orders.rangeRows(q.from, q.to), { ...q, zone });
  }
}
