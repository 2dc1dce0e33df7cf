// Writes test/fixtures/schema/v<k>.sql for every schema version k before the latest: the
// database an opentt of version k left behind, with representative rows (active and cleared
// orders, tokens, settings, trackers, webhooks and their queue, the cloud link and its queue),
// as an SQL dump. Run once when a migration step is added (`npm run build` first):
//   node scripts/make-schema-fixtures.mjs
// Existing fixtures are never rewritten: they stand for databases already out in the field.
import { existsSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { migrate, SCHEMA_VERSION } from "../dist/store/migrations.js";
import { dumpSql } from "../test/fixtures/schema/dump.mjs";

/** The token whose SHA-256 every fixture stores: the upgrade test signs in with it. */
const TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef";
const sha = async (s) => (await import("node:crypto")).createHash("sha256").update(s).digest();
const T0 = Date.UTC(2026, 2, 1, 11, 0);

async function fill(db, version) {
  const meta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
  for (const [k, v] of [
    ["seq", "57"],
    ["serial", "A1B2C3D4E5F6"],
    ["simClockOffsetMs", "0"],
  ])
    meta.run(k, v);
  const order = db.prepare(
    `INSERT INTO orders (uuid, name, order_type, location_name, state, created, state_changed, located_at,
       paged_at, cleared_at, cleared_reason, paged, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const uuid = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
  // History: cleared orders of three days, both types, located or not, every clearing reason.
  const reasons = ["TRACKER", "MANAGER_OVERRIDE", "AUTOMATIC"];
  for (let i = 1; i <= 40; i++) {
    const created = T0 + i * 3_700_000;
    const located = i % 4 === 0 ? null : created + 240_000;
    order.run(
      uuid(i),
      String(100 + i),
      i % 3 ? "TO_GO" : "ON_PREMISE",
      located ? String(i % 9) : null,
      "cleared",
      created,
      created + 900_000,
      located,
      i % 5 === 0 ? created + 600_000 : null,
      created + 900_000,
      reasons[i % 3],
      i % 5 === 0 ? 1 : 0,
      3,
    );
  }
  // Active: started, located, located and paged.
  const now = T0 + 50 * 3_600_000;
  order.run(uuid(41), "7", "ON_PREMISE", null, "started", now, now, null, null, null, null, 0, 1);
  order.run(uuid(42), "8", "ON_PREMISE", "12", "located", now, now + 60_000, now + 60_000, null, null, null, 0, 2);
  order.run(uuid(43), "9", "TO_GO", "3", "located", now, now + 60_000, now + 60_000, now + 120_000, null, null, 1, 3);
  const token = db.prepare("INSERT INTO tokens (name, hash, created, last_used, ip_address) VALUES (?,?,?,?,?)");
  token.run("pos", await sha(TOKEN), T0, now, "192.168.1.20");
  token.run("kds", await sha("f".repeat(48)), T0 + 1000, null, null);
  const setting = db.prepare("INSERT INTO settings (key, value) VALUES (?, ?)");
  setting.run("targetTimeDefault", "600");
  setting.run("timezone", JSON.stringify("Europe/Berlin"));
  const tracker = db.prepare(
    "INSERT INTO trackers (name, status, location_name, battery, last_seen, paging_until) VALUES (?,?,?,?,?,?)",
  );
  tracker.run("8", "located", "12", 87, now + 60_000, null);
  tracker.run("9", "located", "3", 40, now + 120_000, now + 180_000);
  db.prepare("INSERT INTO webhooks (url, created, last_error) VALUES (?,?,?)").run("http://pos.local/hook", T0, null);
  db.prepare("INSERT INTO webhooks (url, created, last_error) VALUES (?,?,?)").run(
    "http://kds.local/hook",
    T0,
    "connect ECONNREFUSED",
  );
  const outbox = db.prepare(
    "INSERT INTO webhook_outbox (url, body, created, attempts, next_attempt) VALUES (?,?,?,?,?)",
  );
  outbox.run("http://kds.local/hook", JSON.stringify({ type: "ORDER_UPDATE", uuid: uuid(42) }), now, 3, now + 8000);
  outbox.run("http://kds.local/hook", JSON.stringify({ type: "ORDER_UPDATE", uuid: uuid(43) }), now, 0, now);
  if (version >= 2) {
    db.prepare(
      `INSERT INTO cloud_binding (id, cloud_url, site_id, site_name, account_id, account_name, site_token, activated)
       VALUES (1, 'https://cloud.example', 4, 'Main St', 2, 'Pizzeria', 'site-token-secret', ?)`,
    ).run(T0);
    const cloud = db.prepare("INSERT INTO cloud_outbox (uuid, version, body, queued) VALUES (?,?,?,?)");
    cloud.run(uuid(42), 2, JSON.stringify({ uuid: uuid(42), name: "8", state: "located" }), now + 60_000);
    cloud.run(uuid(43), 3, JSON.stringify({ uuid: uuid(43), name: "9", state: "located" }), now + 120_000);
  }
}

for (let k = 1; k < SCHEMA_VERSION; k++) {
  const out = new URL(`../test/fixtures/schema/v${k}.sql`, import.meta.url);
  if (existsSync(out)) continue;
  const db = new Database(":memory:");
  migrate(db, k);
  await fill(db, k);
  writeFileSync(out, dumpSql(db));
  db.close();
  console.log(`wrote ${out.pathname}`);
}
