// The history service: what adapters call for the history (spec §5), today's statistics (§6)
// and range statistics; they hand it the raw query parameters and never query the store.
import { HISTORY_CSV_HEADER, historyCsvLine } from "../protocol/csv.js";
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

  /**
   * [opentt] Every matching order as CSV text, newest first, one keyset page per chunk pulled:
   * the consumer's pace (a socket's backpressure) decides how far the export has read.
   * The filters are checked at once, before the first chunk; offset and limit do not apply.
   */
  csv(query: Query, pageSize = 1000): Iterable<string> {
    const zone = this.settings.zone;
    const {
      offset: _o,
      limit: _l,
      ...filters
    } = parseHistoryQuery({ ...query, offset: undefined, limit: undefined }, zone);
    const store = this.store;
    return (function* () {
      yield HISTORY_CSV_HEADER;
      let after: { created: number; id: number } | null = null;
      for (;;) {
        const page = store.orders.historyAfter(filters, after, pageSize);
        if (page.length === 0) return;
        yield page.map((o) => historyCsvLine(toSummary(o, zone))).join("");
        const last = page[page.length - 1] as (typeof page)[number];
        after = { created: last.created, id: last.id };
      }
    })();
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
