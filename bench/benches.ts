// The benchmark registry, in issue order; the runner and the CI smoke test both use it.
import { benchEvening } from "./evening.js";
import { benchFanout } from "./fanout.js";
import { benchFootprint } from "./footprint.js";
import { benchHistory } from "./history.js";
import type { BenchContext } from "./lib/context.js";
import type { BenchResult } from "./lib/result.js";
import { benchRestRead } from "./rest-read.js";
import { benchWrites } from "./writes.js";

export const BENCHES: ReadonlyArray<[string, (ctx: BenchContext) => Promise<BenchResult>]> = [
  ["1", benchRestRead],
  ["2", benchWrites],
  ["3", benchFanout],
  ["4", benchHistory],
  ["5", benchFootprint],
  ["6", benchEvening],
];
