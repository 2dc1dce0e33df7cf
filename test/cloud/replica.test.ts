// Issue 19 point 1: a real primary and a hot standby made with pg_basebackup -R, both on
// loopback. Writes go to the primary, listings and analytics to the standby (shown by pausing
// its replay: a new upload stays invisible), the lag is in /health and the sites view, and an
// account that just wrote reads the primary until the standby has replayed its write.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/cloud/accounts.js";
import { type CloudDb, openPostgres } from "../../src/cloud/db.js";
import { migrateCloud } from "../../src/cloud/migrations.js";
import { CloudService } from "../../src/cloud/service.js";
import { call } from "../helpers/gateway.js";
import { syncOrder, waitFor } from "./helpers.js";
import { PgCluster, pgBin } from "./pg-cluster.js";

let cluster: PgCluster;
let cloud: CloudService;
let standbyDb: CloudDb;
let base: string;
let token: string;

beforeAll(async () => {
  cluster = await PgCluster.start();
  const primary = openPostgres(cluster.primary.url, { max: 1 });
  await migrateCloud(primary);
  token = (await createAccount(primary, "Replicated Diner")).token;
  await primary.close();
  const standby = await cluster.addStandby();
  standbyDb = openPostgres(standby.url, { max: 1 });
  cloud = new CloudService(
    { host: "127.0.0.1", port: 0, database: cluster.primary.url, databaseReplica: standby.url },
    { logger: pino({ level: "silent" }) },
  );
  await cloud.start();
  base = cloud.url;
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
  await standbyDb?.close();
  cluster?.stop();
}, 60_000);

const sites = () => call(base, "GET", "/cloud/v1/sites", { token });
const ordersTotal = async () => (await call(base, "GET", "/cloud/v1/orders", { token })).body.total as number;

async function bindSite(name: string): Promise<string> {
  const created = await call(base, "POST", "/cloud/v1/sites", { token, body: { name } });
  const act = await call(base, "POST", "/cloud/v1/activate", { body: { deviceCode: created.body.deviceCode } });
  expect(act.status).toBe(200);
  return act.body.siteToken as string;
}

const upload = (siteToken: string, n: number) =>
  call(base, "POST", "/cloud/v1/sync", {
    token: siteToken,
    body: {
      zone: "UTC",
      targetTime: 300,
      pending: 0,
      oldestAgeMs: 0,
      orders: Array.from({ length: n }, () => syncOrder()),
    },
  });

describe.skipIf(!pgBin())("cloud with a read replica (pg_basebackup -R hot standby)", () => {
  it("rejects a replica without a primary", () => {
    expect(() => new CloudService({ databaseReplica: "postgres://x/y" })).toThrow(/needs --database/);
    expect(() => new CloudService({ database: "postgres://x/y", databaseReplica: "mysql://x" })).toThrow(
      /--database-replica must be a postgres/,
    );
  });

  it("reports a streaming replica and its lag in /health and the sites view", async () => {
    const h = await waitFor("the standby to catch up", async () => {
      const r = await call(base, "GET", "/health");
      return r.body.replica && (r.body.replica as { lagBytes: number }).lagBytes === 0 ? r : undefined;
    });
    expect(h.body).toMatchObject({ status: 200, primary: "ok", replica: { configured: true, streaming: true } });
    expect((await sites()).body).toMatchObject({ replica: { configured: true, streaming: true } });
  });

  it("ingests on the primary and lists from the replica; a fresh write is read back from the primary", async () => {
    const siteToken = await bindSite("Downtown");
    // Right after binding, the dashboard sees the site bound, whatever the replica has replayed.
    const bound = await sites();
    expect(bound.body.items).toEqual([expect.objectContaining({ name: "Downtown", activated: expect.any(String) })]);
    expect((await upload(siteToken, 3)).body).toMatchObject({ status: 200, applied: 3 });
    await waitFor("the standby to replay the binding", async () => (await sites()).body.readFrom === "replica");
    await waitFor("the uploads on the replica", async () => (await ordersTotal()) === 3);

    // Freeze the standby: uploads still land (on the primary), listings do not see them yet.
    await standbyDb.query("SELECT pg_wal_replay_pause()");
    try {
      expect((await upload(siteToken, 2)).body).toMatchObject({ status: 200, applied: 2 });
      const lagging = await waitFor("the lag to show", async () => {
        const r = await call(base, "GET", "/health");
        return (r.body.replica as { lagBytes: number }).lagBytes > 0 ? r : undefined;
      });
      expect(lagging.body.replica).toMatchObject({ streaming: true, lagSeconds: expect.any(Number) });
      expect(await ordersTotal()).toBe(3);
      const view = await sites();
      expect(view.body).toMatchObject({ readFrom: "replica", replica: { streaming: true } });
      expect((view.body.replica as { lagBytes: number }).lagBytes).toBeGreaterThan(0);

      // A write by the account: its next reads go to the primary, which has everything.
      await call(base, "POST", "/cloud/v1/sites", { token, body: { name: "Uptown" } });
      const after = await sites();
      expect(after.body.readFrom).toBe("primary");
      expect((after.body.items as { name: string }[]).map((s) => s.name)).toEqual(["Downtown", "Uptown"]);
      expect(await ordersTotal()).toBe(5);
    } finally {
      await standbyDb.query("SELECT pg_wal_replay_resume()");
    }
    await waitFor("reads back on the caught-up replica", async () => (await sites()).body.readFrom === "replica");
    expect(await ordersTotal()).toBe(5);
  });

  it("reads from the primary while the replica is down, and says so in /health", async () => {
    cluster.standby?.stop();
    const h = await waitFor("the replica to be seen down", async () => {
      const r = await call(base, "GET", "/health");
      return (r.body.replica as { streaming: boolean }).streaming ? undefined : r;
    });
    expect(h.body).toMatchObject({
      status: 200,
      primary: "ok",
      replica: { streaming: false, error: expect.any(String) },
    });
    expect((await sites()).body.readFrom).toBe("primary");
    expect(await ordersTotal()).toBe(5);
  });
});
