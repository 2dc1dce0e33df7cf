// Issue 19 point 2: the cloud is stateless. Two cloud instances share one PostgreSQL reached
// through pgbouncer in transaction pooling mode (a server connection per transaction: session
// state or named prepared statements would break here); gateways are spread over both, and one
// instance is restarted while they upload. Every order ends in the cloud once, at its latest
// version, and every outbox drains.

import { existsSync } from "node:fs";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/cloud/accounts.js";
import { type CloudDb, openPostgres } from "../../src/cloud/db.js";
import { CloudService } from "../../src/cloud/service.js";
import { call } from "../helpers/gateway.js";
import { boundGateway, drained, type FleetGateway, makeOrders } from "./fleet.js";
import { PgBouncer, PgCluster, pgBin } from "./pg-cluster.js";

const available = pgBin() !== undefined && existsSync(PgBouncer.binary);

let cluster: PgCluster;
let bouncerUrl: string;
let db: CloudDb;
const clouds: CloudService[] = [];
const gateways: FleetGateway[] = [];

const startCloud = (port = 0) =>
  new CloudService(
    { host: "127.0.0.1", port, database: bouncerUrl, poolSize: 3 },
    { logger: pino({ level: "silent" }) },
  ).start();

beforeAll(async () => {
  if (!available) return;
  cluster = await PgCluster.start();
  const bouncer = await cluster.addBouncer(4);
  bouncerUrl = bouncer.urlFor("postgres");
  // Both instances migrate at once through pgbouncer: the advisory lock is per transaction.
  clouds.push(...(await Promise.all([startCloud(), startCloud()])));
  db = openPostgres(bouncerUrl, { max: 2 });
}, 180_000);

afterAll(async () => {
  for (const g of gateways) await g.t.stop();
  for (const c of clouds) await c.stop();
  await db?.close();
  cluster?.stop();
}, 60_000);

describe.skipIf(!available)("two stateless cloud processes behind pgbouncer (transaction pooling)", () => {
  it("loses nothing while one of them restarts under upload", async () => {
    const token = (await createAccount(db, "Chain")).token;
    const [a, b] = clouds as [CloudService, CloudService];
    // Four gateways: two bound through each process; each process issues codes the other redeems.
    for (let i = 0; i < 4; i++) {
      const [issuer, target] = i % 2 === 0 ? [b, a] : [a, b];
      gateways.push(await boundGateway(issuer.url, token, target.url));
    }
    for (const g of gateways) makeOrders(g, 10);
    await Promise.all(gateways.map((g) => drained(g, db)));

    // Rolling restart of process A while every gateway keeps making orders.
    const port = a.port;
    for (const g of gateways) makeOrders(g, 10);
    await a.stop();
    for (const g of gateways) makeOrders(g, 10);
    clouds[0] = await startCloud(port);
    for (const g of gateways) makeOrders(g, 10);
    const counts = await Promise.all(gateways.map((g) => drained(g, db)));
    expect(counts).toEqual([40, 40, 40, 40]);

    // The account sees them all through either process.
    for (const c of clouds) {
      const r = await call(c.url, "GET", "/cloud/v1/orders?limit=1", { token });
      expect(r.body).toMatchObject({ status: 200, total: 160 });
    }
    // The traffic really went through pgbouncer's transaction pools.
    const admin = openPostgres(cluster.bouncer?.urlFor("pgbouncer") as string, { max: 1 });
    try {
      const pools = await admin.query<{ database: string; pool_mode: string }>("SHOW POOLS");
      expect(pools.rows).toContainEqual(expect.objectContaining({ database: "postgres", pool_mode: "transaction" }));
      const stats = await admin.query<{ database: string; total_xact_count: number }>("SHOW STATS");
      const mine = stats.rows.find((s) => s.database === "postgres");
      expect(mine?.total_xact_count).toBeGreaterThan(50);
    } finally {
      await admin.close();
    }
  });
});
