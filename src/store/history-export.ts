// [opentt] History in keyset pages for the CSV export (issue 18.4): `(created, id) < (…)` walks the
// filter's index from where the last page ended, so page N costs what page 1 does, and the
// connection is free for writes between pages.
import type Database from "better-sqlite3";
import type { Store } from "../domain/ports.js";
import { FILTERS, type OrderRow, toOrder } from "./order-rows.js";

export function historyAfter(db: Database.Database): Store["orders"]["historyAfter"] {
  const pages = new Map<string, Database.Statement>();
  return (q, after, limit) => {
    const where: string[] = [];
    const args: Record<string, unknown> = { limit };
    for (const [field, name, test] of FILTERS) {
      if (q[field] === undefined) continue;
      where.push(test);
      args[name] = q[field];
    }
    if (after) {
      where.push("(created, id) < (@afterCreated, @afterId)");
      args.afterCreated = after.created;
      args.afterId = after.id;
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    let page = pages.get(clause);
    if (!page) {
      page = db.prepare(`SELECT * FROM orders ${clause} ORDER BY created DESC, id DESC LIMIT @limit`);
      pages.set(clause, page);
    }
    return (page.all(args) as OrderRow[]).map(toOrder);
  };
}
