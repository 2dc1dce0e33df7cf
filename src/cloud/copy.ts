// Moving a chain from PGlite to a PostgreSQL server [opentt] (docs/cloud.md "From PGlite to a
// cluster"): every account, site and order, with their ids and credential hashes, copied into
// an empty, freshly migrated database in one transaction, so gateways and admins keep their
// tokens and a failed copy leaves the target empty. Orders go in keyset pages of PAGE rows.
import type { CloudDb, Queryable } from "./db.js";
import { migrateCloud } from "./migrations.js";
import { createMonth } from "./partitions.js";

const PAGE = 5_000;

export interface CopyResult {
  accounts: number;
  sites: number;
  orders: number;
}

/** Rows of `table` (as JSON, the target parses them back into its own row type). */
async function insertRows(q: Queryable, table: string, rows: string[]): Promise<void> {
  if (rows.length === 0) return;
  // Identity columns keep their values: a site's id is in every gateway's binding.
  await q.query(
    `INSERT INTO ${table} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`,
    [`[${rows.join(",")}]`],
  );
}

export async function copyCloud(from: Queryable, to: CloudDb): Promise<CopyResult> {
  await migrateCloud(to);
  return to.transaction(async (q) => {
    const held = await q.query<{ n: number }>("SELECT count(*)::int AS n FROM accounts");
    if ((held.rows[0]?.n ?? 0) > 0) {
      throw new Error("The target database already holds accounts: copy into an empty database (CREATE DATABASE …)");
    }
    // A WAL position of the old engine means nothing on the new server.
    const accounts = await from.query<{ j: string }>(
      "SELECT (to_jsonb(a) - 'write_lsn')::text AS j FROM accounts a ORDER BY id",
    );
    await insertRows(
      q,
      "accounts",
      accounts.rows.map((r) => r.j),
    );
    const sites = await from.query<{ j: string }>("SELECT to_jsonb(s)::text AS j FROM sites s ORDER BY id");
    await insertRows(
      q,
      "sites",
      sites.rows.map((r) => r.j),
    );
    for (const table of ["accounts", "sites"]) {
      await q.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`,
      );
    }
    // Every month an order falls in exists before its rows arrive (none waits in orders_default).
    const months = await from.query<{ m: number }>(
      `SELECT DISTINCT (extract(year FROM created AT TIME ZONE 'UTC') * 12
         + extract(month FROM created AT TIME ZONE 'UTC') - 1)::int AS m FROM orders`,
    );
    for (const { m } of months.rows) await createMonth(q, m);
    let orders = 0;
    let after: { site_id: number; uuid: string; created: string } | undefined;
    for (;;) {
      const page = await from.query<{ j: string; site_id: number; uuid: string; created: string }>(
        `SELECT to_jsonb(o)::text AS j, site_id, uuid::text AS uuid, created::text AS created FROM orders o
         ${after ? "WHERE (site_id, uuid, created) > ($1, $2::uuid, $3::timestamptz)" : ""}
         ORDER BY site_id, uuid, created LIMIT ${PAGE}`,
        after ? [after.site_id, after.uuid, after.created] : [],
      );
      await insertRows(
        q,
        "orders",
        page.rows.map((r) => r.j),
      );
      orders += page.rows.length;
      if (page.rows.length < PAGE) break;
      after = page.rows[page.rows.length - 1];
    }
    return { accounts: accounts.rows.length, sites: sites.rows.length, orders };
  });
}
