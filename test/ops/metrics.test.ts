// GET /metrics (issue 20.2): the Prometheus text format with the gateway's own series, whose
// numbers follow what happens; loopback-only by default, token-protected by --metrics-access.
import { afterEach, describe, expect, it } from "vitest";
import { call, getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { connect } from "../helpers/ws-client.js";

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** Scrapes and parses the plain samples: `name{labels}` → value. */
async function scrape(base: string, token?: string): Promise<Map<string, number>> {
  const res = await fetch(`${base}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    const m = /^([a-z_:]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m?.[1] && m[2]) samples.set(m[1], Number(m[2]));
  }
  return samples;
}

describe("GET /metrics", () => {
  it("has every series, and the numbers move with requests, clients, orders, radio, queues", async () => {
    t = await startTestGateway();
    const token = await getToken(t);
    const before = await scrape(t.base);
    for (const name of [
      "opentt_websocket_clients",
      "opentt_orders_active",
      "opentt_orders_late",
      "opentt_radio_online",
      "opentt_webhook_queue_depth",
      "opentt_cloud_queue_depth",
      "opentt_sqlite_bytes",
      "opentt_sqlite_wal_bytes",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(before.has(name), name).toBe(true);
    }
    expect(before.get("opentt_radio_online")).toBe(1);
    expect(before.get("opentt_sqlite_bytes")).toBeGreaterThan(0);
    expect(before.get("opentt_orders_active")).toBe(0);

    const info = 'opentt_http_requests_total{route="/api/v2",status="200"}';
    const missing = 'opentt_http_requests_total{route="unmatched",status="404"}';
    await call(t.base, "GET", "/api/v2");
    await call(t.base, "GET", "/api/v2");
    await call(t.base, "GET", "/nowhere");
    // A webhook nobody answers keeps its delivery queued.
    await call(t.base, "POST", "/api/v2/register", { token, body: { http_client: "http://127.0.0.1:9/hook" } });
    await call(t.base, "POST", "/api/v2/activeorders", { token, body: { name: "5", orderType: "TO_GO" } });
    await call(t.base, "POST", "/sim/trackers/12/start");
    const ws = connect(t.base, { token });
    await ws.opened;
    // Past the target time (600 s by default), both orders are late.
    await call(t.base, "POST", "/sim/clock", { body: { advanceSeconds: 700 } });
    t.gateway.store.db.prepare("INSERT INTO cloud_outbox (uuid, version, body, queued) VALUES ('u', 1, '{}', 0)").run();

    const after = await scrape(t.base);
    expect((after.get(info) ?? 0) - (before.get(info) ?? 0)).toBe(2);
    expect((after.get(missing) ?? 0) - (before.get(missing) ?? 0)).toBe(1);
    expect(after.get('opentt_http_requests_total{route="/metrics",status="200"}')).toBe(1);
    expect(after.get("opentt_orders_active")).toBe(2);
    expect(after.get("opentt_orders_late")).toBe(2);
    expect(after.get("opentt_websocket_clients")).toBe(1);
    expect(after.get('opentt_radio_events_total{kind="started"}')).toBe(1);
    expect(after.get("opentt_webhook_queue_depth")).toBeGreaterThan(0);
    expect(after.get("opentt_cloud_queue_depth")).toBe(1);
    ws.close();
    await ws.closed;
  });

  it("answers a web page of another site, or a caller without a token under --metrics-access token, with the envelope", async () => {
    t = await startTestGateway();
    const page = await call(t.base, "GET", "/metrics", { headers: { origin: "http://evil.example" } });
    expect(page.status).toBe(403);
    expect(page.body.message).toMatch(/Metrics are served to this machine only.*--metrics-access token/);
    await t.stop();

    t = await startTestGateway({ metricsAccess: "token" });
    const anonymous = await call(t.base, "GET", "/metrics");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toHaveProperty("returnCode");
    const token = await getToken(t);
    expect((await scrape(t.base, token)).has("opentt_orders_active")).toBe(true);
  });
});
