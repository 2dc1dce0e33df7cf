// Real gateways bound to a cloud, for the many-processes and fault tests: each gateway makes
// orders on its own SQLite and uploads them through its outbox; `drained` waits until the
// cloud holds exactly the gateway's orders at their latest versions and the outbox is empty.
import { expect } from "vitest";
import type { Queryable } from "../../src/cloud/db.js";
import type { GatewayDeps } from "../../src/gateway.js";
import { call, getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { waitFor } from "./helpers.js";

export const FAST_UPLOADS: GatewayDeps["cloudUploader"] = {
  baseDelayMs: 20,
  maxDelayMs: 200,
  pollMs: 20,
  heartbeatMs: 500,
};

export interface FleetGateway {
  t: TestGateway;
  token: string;
  siteId: number;
  /** Next order number this gateway uses. */
  next: number;
}

/** A gateway bound to a new site of the account: the code is issued at `admin`, redeemed through `cloudUrl`. */
export async function boundGateway(admin: string, adminToken: string, cloudUrl: string): Promise<FleetGateway> {
  const t = await startTestGateway({}, { cloudUploader: FAST_UPLOADS });
  const token = await getToken(t);
  const site = await call(admin, "POST", "/cloud/v1/sites", { token: adminToken, body: { name: `Site ${t.base}` } });
  expect(site.status).toBe(201);
  const act = await call(t.base, "POST", "/api/v2/cloud/activate", {
    token,
    body: { deviceCode: site.body.deviceCode, cloud: cloudUrl },
  });
  expect(act.body).toMatchObject({ status: 200, returnCode: 1011 });
  return { t, token, siteId: site.body.siteId as number, next: 1 };
}

/** n new orders, every other one cleared at once (two versions each, uploaded once or twice). */
export function makeOrders(g: FleetGateway, n: number): void {
  const { orders } = g.t.gateway.ctx;
  for (let i = 0; i < n; i++) {
    const name = String(g.next++);
    orders.upsert({ name, orderType: "ON_PREMISE" });
    if (i % 2 === 0) orders.clear({ by: "name", name }, "MANAGER_OVERRIDE");
  }
}

/** Every order the gateway still has, by uuid → version (history, all states). */
export function localVersions(t: TestGateway): Map<string, number> {
  const rows = t.gateway.store.db.prepare("SELECT uuid, version FROM orders").all() as Array<{
    uuid: string;
    version: number;
  }>;
  return new Map(rows.map((o) => [o.uuid, o.version]));
}

/** Every order of the gateway in the cloud once, at its latest version; its outbox empty. */
export async function drained(g: FleetGateway, db: Queryable, timeoutMs = 60_000): Promise<number> {
  return waitFor(
    `gateway ${g.t.base} to drain into site ${g.siteId}`,
    async () => {
      const expected = localVersions(g.t);
      const rows = await db.query<{ uuid: string; version: number }>(
        "SELECT uuid::text AS uuid, version FROM orders WHERE site_id = $1",
        [g.siteId],
      );
      const status = await call(g.t.base, "GET", "/api/v2/cloud", { token: g.token });
      const pending = (status.body.cloud as { pending: number }).pending;
      const same = rows.rows.length === expected.size && rows.rows.every((o) => expected.get(o.uuid) === o.version);
      return same && pending === 0 ? expected.size : undefined;
    },
    timeoutMs,
  );
}
