// The write baseline: raw better-sqlite3 inserts with the gateway's own schema and pragmas.
import { openDatabase } from "../../src/store/sqlite-store.js";
import type { Starter } from "./net.js";

/**
 * Raw better-sqlite3 inserts into the gateway's own schema and pragmas (openDatabase), one
 * autocommit transaction per row, as fast as a loop can go.
 */
export const rawSqlite: Starter = async (opts) => {
  const db = openDatabase({
    dataDir: String(opts.dataDir),
    synchronous: opts.durability === "full" ? "full" : "normal",
  });
  const insert = db.prepare(
    `INSERT INTO orders (uuid, name, order_type, location_name, state, created, state_changed, paged, version)
     VALUES (?, ?, 'TO_GO', NULL, 'cleared', ?, ?, 0, 1)`,
  );
  let serial = 0;
  return {
    info: { port: 0 },
    commands: {
      insert: (args) => {
        const seconds = Number(args.seconds ?? 1);
        const max = Number(args.max ?? 1e9);
        const start = performance.now();
        const end = start + seconds * 1000;
        let n = 0;
        while (n < max && (n & 63 || performance.now() < end)) {
          const now = Date.now();
          serial++;
          insert.run(`raw-${process.pid}-${serial}`, String(serial % 1e9), now, now);
          n++;
        }
        return { inserts: n, seconds: (performance.now() - start) / 1000 };
      },
    },
    stop: async () => {
      db.close();
    },
  };
};
