// One small query interface over both PostgreSQL engines the cloud runs on: a real server
// through pg.Pool, or embedded PGlite (PostgreSQL compiled to WASM) when no --database is
// given. Everything above this file writes the same SQL against `CloudDb`.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

interface QueryResult<T> {
  rows: T[];
  /** Rows inserted, updated or deleted by a DML statement. */
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface CloudDb extends Queryable {
  readonly engine: "postgres" | "pglite";
  /** BEGIN … COMMIT on one connection; ROLLBACK when fn throws. */
  transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// pg hands int8 and numeric back as strings (they may not fit a double); the cloud's counts and
// epoch figures do, and PGlite already returns numbers, so both engines agree on numbers.
const NUMERIC_OIDS = new Set([20, 1700]);
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    NUMERIC_OIDS.has(oid)
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** Pool size; the ingest path holds a connection only for one statement. */
  max?: number;
}

export function openPostgres(url: string, opts: PostgresOptions = {}): CloudDb {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types: pgTypes });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) => {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    exec: async (sql: string) => {
      await c.query(sql);
    },
  });
  const root = wrap(pool);
  let closed: Promise<void> | undefined;
  return {
    engine: "postgres",
    query: root.query,
    exec: root.exec,
    transaction: async (fn) => {
      const client = await pool.connect();
      // A checked-out client whose server goes away (a restart, a failover) also emits 'error',
      // besides failing its query; unheard, that event would end the process. A client that
      // cannot even roll back is dead: released with the error, the pool drops it.
      const ignore = () => {};
      client.on("error", ignore);
      let dead: Error | undefined;
      try {
        await client.query("BEGIN");
        const out = await fn(wrap(client));
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch((r: Error) => {
          dead = r;
        });
        throw e;
      } finally {
        client.off("error", ignore);
        client.release(dead);
      }
    },
    close: () => {
      closed ??= pool.end();
      return closed;
    },
  };
}

/** Embedded PostgreSQL; `dataDir` undefined keeps everything in memory (tests). */
export async function openPglite(dataDir?: string): Promise<CloudDb> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const wrap = (c: Pick<PGlite, "query" | "exec">): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) => {
      const r = await c.query<T>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? 0 };
    },
    exec: async (sql: string) => {
      await c.exec(sql);
    },
  });
  const root = wrap(db);
  let closed: Promise<void> | undefined;
  return {
    engine: "pglite",
    query: root.query,
    exec: root.exec,
    // PGlite is one connection: its transaction() also keeps other queries out until it ends.
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => {
      closed ??= db.close();
      return closed;
    },
  };
}

export async function openCloudDb(opts: { database?: string; dataDir?: string; poolSize?: number }): Promise<CloudDb> {
  if (opts.database) return openPostgres(opts.database, { max: opts.poolSize });
  return openPglite(opts.dataDir);
}
