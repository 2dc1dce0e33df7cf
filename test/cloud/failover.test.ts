// Issue 19 point 3: faults between real gateways and a real PostgreSQL primary with a
// synchronous hot standby. The primary is SIGKILLed mid-ingest and restarted; the network
// between gateways and cloud is cut (a loopback proxy the test controls); then the primary is
// killed for good, the standby promoted (pg_ctl promote) and the cloud pointed at it. After each,
// every order is in the cloud exactly once at its latest version and every outbox drains.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/cloud/accounts.js";
import { type CloudDb, openPostgres } from "../../src/cloud/db.js";
import { migrateCloud } from "../../src/cloud/migrations.js";
import { CloudService } from "../../src/cloud/service.js";
import { boundGateway, drained, type FleetGateway, makeOrders } from "./fleet.js";
import { CutProxy } from "./helpers.js";
import { PgCluster, pgBin } from "./pg-cluster.js";

let cluster: PgCluster;
let cloud: CloudService;
let proxy: CutProxy;
let db: CloudDb;
let token: string;
const gateways: FleetGateway[] = [];

const startCloud = (database: string, port = 0) =>
  new CloudService({ host: "127.0.0.1", port, database, poolSize: 4 }, { logger: pino({ level: "silent" }) }).start();

beforeAll(async () => {
  if (!pgBin()) return;
  cluster = await PgCluster.start();
  const boot = openPostgres(cluster.primary.url, { max: 1 });
  await migrateCloud(boot);
  token = (await createAccount(boot, "Failover Chain")).token;
  await cluster.addStandby();
  // Synchronous replication: a commit (an acknowledged upload) waits until the standby has it.
  await boot.exec("ALTER SYSTEM SET synchronous_standby_names = '*'");
  await boot.query("SELECT pg_reload_conf()");
  await boot.close();
  cloud = await startCloud(cluster.primary.url);
  proxy = new CutProxy(cloud.port);
  await proxy.up();
  db = openPostgres(cluster.primary.url, { max: 2 });
  for (let i = 0; i < 3; i++) gateways.push(await boundGateway(cloud.url, token, proxy.url));
}, 180_000);

afterAll(async () => {
  for (const g of gateways) await g.t.stop();
  await proxy?.down();
  await cloud?.stop();
  await db?.close();
  cluster?.stop();
}, 60_000);

const drainAll = (on: CloudDb) => Promise.all(gateways.map((g) => drained(g, on, 90_000)));

describe.skipIf(!pgBin())("faults: primary crash, network cut, promoted standby", () => {
  it("survives the primary SIGKILLed mid-ingest and restarted", async () => {
    for (const g of gateways) makeOrders(g, 20);
    cluster.primary.kill();
    for (const g of gateways) makeOrders(g, 20);
    cluster.primary.start();
    expect(await drainAll(db)).toEqual([40, 40, 40]);
  }, 120_000);

  it("survives a cut cable and lost acknowledgements between gateways and cloud", async () => {
    await proxy.down();
    for (const g of gateways) makeOrders(g, 10);
    await proxy.up();
    proxy.mode = { kind: "drop-response" };
    for (const g of gateways) makeOrders(g, 10);
    const cuts = proxy.cuts;
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (proxy.cuts > cuts) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    proxy.mode = { kind: "pass" };
    expect(await drainAll(db)).toEqual([60, 60, 60]);
  }, 120_000);

  it("loses nothing acknowledged when the standby is promoted and the cloud pointed at it", async () => {
    const port = cloud.port;
    cluster.primary.kill();
    await db.close();
    cluster.standby?.promote();
    const standbyUrl = cluster.standby?.url as string;
    await cloud.stop();
    cloud = await startCloud(standbyUrl, port);
    db = openPostgres(standbyUrl, { max: 2 });
    // Everything drained before the crash is on the promoted standby; new orders arrive too.
    for (const g of gateways) makeOrders(g, 10);
    expect(await drainAll(db)).toEqual([70, 70, 70]);
  }, 120_000);
});
