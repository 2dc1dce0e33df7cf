// Turns the gateway's hourly buckets (GET /statistics/range) into uPlot's columns. The counting
// itself happens on the gateway, over every order of the range.
import type { RangeStatistics } from "../../../src/protocol/wire.js";
import { parseLocal } from "./time.js";

export interface HourlySeries {
  /** Start of each hour, in seconds on the zone-free axis (uPlot's x values). */
  hours: number[];
  /** Orders created in each hour. */
  orders: number[];
  /** Mean delivery time of the orders cleared in each hour; null if none. */
  avgDelivery: (number | null)[];
}

export function hourlySeries(hours: RangeStatistics["hours"]): HourlySeries {
  return {
    hours: hours.map((h) => parseLocal(h.hour) / 1000),
    orders: hours.map((h) => h.orders),
    avgDelivery: hours.map((h) => h.averageSeconds),
  };
}
