// TLS between gateway and cloud (issue 19.6): the cloud serves HTTPS with --tls-cert/--tls-key,
// the gateway verifies its certificate against the public roots plus --cloud-ca (a CA this test
// makes with openssl), and a gateway sends nothing over plain HTTP to a cloud that is not on
// its own machine unless --cloud-allow-http says so.
import { rmSync } from "node:fs";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSite } from "../../src/cloud/accounts.js";
import { CloudService } from "../../src/cloud/service.js";
import { fetchWithCa } from "../../src/http-kit/ca-fetch.js";
import { plainHttpRefusal } from "../../src/sync/cloud-url.js";
import { call, getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { makeTestCa } from "../helpers/mosquitto.js";
import { FAST_UPLOADS, localVersions } from "./fleet.js";
import { ENGINE, startTestCloud, type TestCloud, waitFor } from "./helpers.js";

let ca: ReturnType<typeof makeTestCa>;
let c: TestCloud;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  ca = makeTestCa();
  c = await startTestCloud({ tlsCert: ca.cert, tlsKey: ca.key });
}, 120_000);
afterAll(async () => {
  await c?.stop();
  if (ca) rmSync(ca.dir, { recursive: true, force: true });
});
afterEach(async () => {
  while (gateways.length) await gateways.pop()?.stop();
});

async function gateway(config: Parameters<typeof startTestGateway>[0] = {}, fetch?: typeof globalThis.fetch) {
  const t = await startTestGateway(config, { cloudUploader: { ...FAST_UPLOADS, ...(fetch ? { fetch } : {}) } });
  gateways.push(t);
  return { t, token: await getToken(t) };
}

async function cloudOrders(siteId: number): Promise<number> {
  const r = await c.db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE site_id = $1", [siteId]);
  return r.rows[0]?.n ?? 0;
}

describe(`TLS on ${ENGINE}`, () => {
  it("serves HTTPS with the given certificate; a client that does not trust its CA is refused", async () => {
    expect(c.cloud.url).toMatch(/^https:\/\//);
    const trusted = await fetchWithCa(await import("node:fs").then((fs) => fs.readFileSync(ca.ca, "utf8")))(
      `${c.base}/cloud/v1`,
    );
    expect(await trusted.json()).toMatchObject({ status: 200, service: "opentt-cloud" });
    await expect(fetch(`${c.base}/cloud/v1`)).rejects.toThrow();
    expect(() => new CloudService({ tlsCert: ca.cert })).toThrow(/--tls-cert and --tls-key go together/);
    // Handed a database, so a failure here could not create ./cloud-data either.
    const unreadable = new CloudService(
      { host: "127.0.0.1", port: 0, tlsCert: "/nope.pem", tlsKey: ca.key },
      { db: c.db, logger: pino({ level: "silent" }) },
    );
    await expect(unreadable.start()).rejects.toThrow(/--tls-cert \/nope\.pem cannot be read/);
  });

  it("a gateway with --cloud-ca binds over HTTPS and uploads; without it the certificate is refused", async () => {
    const site = await createSite(c.db, c.accountId, "TLS site");
    const plain = await gateway();
    const refused = await call(plain.t.base, "POST", "/api/v2/cloud/activate", {
      token: plain.token,
      body: { deviceCode: site.deviceCode, cloud: c.base },
    });
    expect(refused.body).toMatchObject({ status: 503, returnCode: -5 });
    expect(String(refused.body.message)).toMatch(/certificate/);

    const g = await gateway({ cloudCa: ca.ca });
    const ok = await call(g.t.base, "POST", "/api/v2/cloud/activate", {
      token: g.token,
      body: { deviceCode: site.deviceCode, cloud: c.base },
    });
    expect(ok.body).toMatchObject({ status: 200, returnCode: 1011 });
    g.t.gateway.ctx.orders.upsert({ name: "41", orderType: "ON_PREMISE" });
    g.t.gateway.ctx.orders.upsert({ name: "42", orderType: "TO_GO" });
    await waitFor("the orders to reach the cloud over HTTPS", async () => (await cloudOrders(site.siteId)) === 2);
    expect(localVersions(g.t).size).toBe(2);
  });

  it("names the flag when --cloud-ca cannot be read", async () => {
    await expect(startTestGateway({ cloudCa: "/no/such/ca.pem" })).rejects.toThrow(
      /--cloud-ca \/no\/such\/ca\.pem cannot be read/,
    );
  });
});

describe("plain HTTP to a cloud elsewhere", () => {
  it("is allowed to this machine only", () => {
    for (const url of ["http://127.0.0.1:8100", "http://127.8.9.1", "http://localhost:1", "http://[::1]:8100"]) {
      expect(plainHttpRefusal(url, false), url).toBeUndefined();
    }
    expect(plainHttpRefusal("https://cloud.example", false)).toBeUndefined();
    expect(plainHttpRefusal("http://cloud.example", true)).toBeUndefined();
    for (const url of ["http://cloud.example", "http://10.0.0.5:8100", "http://[2001:db8::1]", "http://128.0.0.1"]) {
      expect(plainHttpRefusal(url, false), url).toMatch(/--cloud-allow-http/);
    }
  });

  it("refuses to bind, names the flag, and sends nothing", async () => {
    const g = await gateway();
    const r = await call(g.t.base, "POST", "/api/v2/cloud/activate", {
      token: g.token,
      body: { deviceCode: "ABCD-EFGH", cloud: "http://cloud.example:8100" },
    });
    expect(r.body).toMatchObject({ status: 400, returnCode: -29 });
    expect(String(r.body.message)).toMatch(/Refusing plain HTTP to cloud\.example:8100.*--cloud-allow-http/);
    expect((await call(g.t.base, "GET", "/api/v2/cloud", { token: g.token })).body.cloud).toMatchObject({
      bound: false,
    });
  });

  it("uploads nothing to a binding that became plain HTTP, until --cloud-allow-http", async () => {
    // The cloud at "cloud.example" is this test's HTTPS cloud reached through a plain-HTTP name:
    // the gateway's fetch is the only road, so what it is asked to send is what would leave.
    const asked: string[] = [];
    const road = (input: string | URL | Request) => {
      asked.push(String(input));
      return Promise.reject(new TypeError("fetch failed: this test's road is closed"));
    };
    for (const allowHttp of [false, true]) {
      const g = await gateway({ cloudCa: ca.ca, cloudAllowHttp: allowHttp }, road as typeof fetch);
      const site = await createSite(c.db, c.accountId, `HTTP ${allowHttp}`);
      const act = await call(g.t.base, "POST", "/api/v2/cloud/activate", {
        token: g.token,
        body: { deviceCode: site.deviceCode, cloud: c.base },
      });
      expect(act.body.returnCode).toBe(1011);
      g.t.gateway.store.db.prepare("UPDATE cloud_binding SET cloud_url = 'http://cloud.example:8100'").run();
      g.t.gateway.ctx.orders.upsert({ name: "7", orderType: "ON_PREMISE" });
      const expected = allowHttp ? /road is closed/ : /Refusing plain HTTP to cloud\.example:8100.*--cloud-allow-http/;
      const state = await waitFor("an upload attempt to the new address", async () => {
        const s = (await call(g.t.base, "GET", "/api/v2/cloud", { token: g.token })).body.cloud as {
          lastError: string | null;
          pending: number;
        };
        const tried = asked.some((u) => u.startsWith("http://cloud.example"));
        return expected.test(s.lastError ?? "") && (tried || !allowHttp) ? s : undefined;
      });
      expect(state.pending).toBe(1);
      const sent = asked.filter((u) => u.startsWith("http://cloud.example"));
      if (allowHttp) expect(sent[0]).toBe("http://cloud.example:8100/cloud/v1/sync");
      else expect(sent).toEqual([]);
      asked.length = 0;
      await gateways.pop()?.stop();
    }
  });
});
