// What every benchmark is given: how to host servers, how big and how long to go, and a
// scratch folder (with seeded history databases shared between benchmarks 4 and 5).
import { mkdtempSync } from "node:fs";
import path from "node:path";
import type { HostMode } from "./host.js";
import { benchCores, type Cores } from "./load.js";
import { seedHistory } from "./seed.js";

export interface BenchSizes {
  /** Side-by-side rounds; figures are medians over them. */
  runs: number;
  /** Seconds of load per round (autocannon benchmarks). */
  seconds: number;
  connections: number;
  activeOrders: number;
  /** WebSocket clients of the footprint benchmark. */
  wsClients: number;
  /** WebSocket clients of the fan-out benchmark. */
  fanoutClients: number;
  /** Changes per fan-out round. */
  fanoutChanges: number;
  historySmall: number;
  historyLarge: number;
  /** Page requests per filter per round. */
  historyQueries: number;
  startupRuns: number;
  /** Connections of the write cycle (one wrk thread each). */
  writeConnections: number;
  /** Length of the evening benchmark, minutes (`--minutes`). */
  eveningMinutes: number;
}

export const FULL_SIZES: Readonly<BenchSizes> = Object.freeze({
  runs: 5,
  seconds: 5,
  connections: 32,
  activeOrders: 50,
  wsClients: 1_000,
  fanoutClients: 5_000,
  fanoutChanges: 100,
  historySmall: 10_000,
  historyLarge: 1_000_000,
  historyQueries: 40,
  startupRuns: 5,
  writeConnections: 32,
  eveningMinutes: 10,
});

/** For development and CI: every code path, tiny numbers. */
export const SMOKE_SIZES: Readonly<BenchSizes> = Object.freeze({
  runs: 1,
  seconds: 1,
  connections: 2,
  activeOrders: 5,
  wsClients: 5,
  fanoutClients: 5,
  fanoutChanges: 4,
  historySmall: 200,
  historyLarge: 2_000,
  historyQueries: 3,
  startupRuns: 1,
  writeConnections: 2,
  eveningMinutes: 0.05,
});

export interface BenchContext {
  mode: HostMode;
  /** Where servers under test and load generators run (none pinned in-process). */
  cores: Cores;
  sizes: BenchSizes;
  /** A fresh folder under the run's scratch folder. */
  scratch(name: string): string;
  /** A data folder holding `rows` seeded history orders; seeded once per run and size. */
  seeded(rows: number): Promise<string>;
  log(line: string): void;
}

export function createContext(root: string, mode: HostMode, sizes: BenchSizes, log: (l: string) => void): BenchContext {
  const seeded = new Map<number, Promise<string>>();
  const scratch = (name: string) => mkdtempSync(path.join(root, `${name}-`));
  return {
    mode,
    cores: mode === "child" ? benchCores() : {},
    sizes,
    scratch,
    log,
    seeded: (rows) => {
      let dir = seeded.get(rows);
      if (!dir) {
        const d = scratch(`history-${rows}`);
        const t0 = performance.now();
        dir = Promise.resolve(seedHistory(d, rows)).then(() => {
          log(`  seeded ${rows.toLocaleString("en-US")} orders in ${Math.round(performance.now() - t0)} ms`);
          return d;
        });
        seeded.set(rows, dir);
      }
      return dir;
    },
  };
}
