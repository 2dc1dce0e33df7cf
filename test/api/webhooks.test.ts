// Webhooks (spec §8): register (1005), list (16) with pending and lastError, remove, -28 -29 -30;
// every order change POSTed as ORDER_SUMMARY in order; a receiver down then up loses nothing;
// registrations and pending deliveries survive a gateway restart.
import { afterEach, describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { freePort, type Receiver, startReceiver } from "../helpers/receiver.js";
import { waitUntil } from "../helpers/wait.js";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function gateway(dataDir?: string): Promise<{ g: TestGateway; token: string }> {
  const g = await startTestGateway(dataDir ? { dataDir } : {});
  cleanup.push(() => g.stop());
  return { g, token: await getToken(g, `w${Date.now()}`) };
}

async function receiver(port?: number): Promise<Receiver> {
  const r = await startReceiver(port);
  cleanup.push(() => r.close());
  return r;
}

type Hook = { http_client: string; pending: number; lastError: string | null };
const hooks = async (g: TestGateway, token: string) =>
  (await api(g.base, "GET", "/api/v2/register", { token })).body.items as Hook[];

describe("registration", () => {
  it("POST registers (1005); GET lists it (16); DELETE removes it (1005)", async () => {
    const { g, token } = await gateway();
    const url = "http://127.0.0.1:9/hook";
    const r = await api(g.base, "POST", "/api/v2/register", { token, body: { http_client: url } });
    expect(r.body).toMatchObject({ status: 200, returnCode: 1005 });
    const list = await api(g.base, "GET", "/api/v2/register", { token });
    expect(list.body).toEqual({
      status: 200,
      returnCode: 16,
      count: 1,
      items: [{ http_client: url, pending: 0, lastError: null }],
    });
    const del = await api(g.base, "DELETE", "/api/v2/register", { token, body: { http_client: url } });
    expect(del.body).toMatchObject({ status: 200, returnCode: 1005 });
    expect(await hooks(g, token)).toEqual([]);
  });

  it("registering the same URL twice keeps one registration", async () => {
    const { g, token } = await gateway();
    for (let i = 0; i < 2; i++)
      await api(g.base, "POST", "/api/v2/register", { token, body: { http_client: "https://pos.example/h" } });
    expect(await hooks(g, token)).toHaveLength(1);
  });

  it("no http_client is 400 -28; not an http(s) URL 400 -29; unknown on DELETE 404 -30", async () => {
    const { g, token } = await gateway();
    expectError(await api(g.base, "POST", "/api/v2/register", { token, body: {} }), 400, -28);
    for (const http_client of ["ftp://pos.example/h", "not a url", 42, "javascript:alert(1)"]) {
      expectError(await api(g.base, "POST", "/api/v2/register", { token, body: { http_client } }), 400, -29);
    }
    expectError(
      await api(g.base, "DELETE", "/api/v2/register", { token, body: { http_client: "http://nobody.example/" } }),
      404,
      -30,
    );
  });
});

describe("delivery", () => {
  it("POSTs each change as ORDER_SUMMARY, in order", async () => {
    const { g, token } = await gateway();
    const rx = await receiver();
    await api(g.base, "POST", "/api/v2/register", { token, body: { http_client: rx.url } });
    await api(g.base, "POST", "/api/v2/activeorders", { token, body: { name: "9", orderType: "TO_GO" } });
    await api(g.base, "POST", "/api/v2/activeorders", { token, body: { name: "9", locationName: "4" } });
    await api(g.base, "DELETE", "/api/v2/activeorders/9", { token });
    const got = await rx.waitFor(3);
    expect(got.map((b) => [b.type, b.name, b.state, b.locationName])).toEqual([
      ["ORDER_SUMMARY", "9", "started", null],
      ["ORDER_SUMMARY", "9", "located", "4"],
      ["ORDER_SUMMARY", "9", "cleared", "4"],
    ]);
    expect(got[2]).toMatchObject({ orderClearedReason: "MANAGER_OVERRIDE", deliveryTime: expect.any(Number) });
  });

  it("a receiver that is down, then up: pending grows, then drains, nothing lost, in order", async () => {
    const { g, token } = await gateway();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    await api(g.base, "POST", "/api/v2/register", { token, body: { http_client: url } });
    for (const name of ["1", "2", "3"]) {
      await api(g.base, "POST", "/api/v2/activeorders", { token, body: { name, orderType: "TO_GO" } });
    }
    const down = await waitUntil(async () => {
      const [h] = await hooks(g, token);
      return h && h.pending === 3 && h.lastError !== null ? h : undefined;
    }, "three pending deliveries with an error");
    expect(down.lastError).toEqual(expect.any(String));

    const rx = await receiver(port);
    const got = await rx.waitFor(3);
    expect(got.map((b) => b.name)).toEqual(["1", "2", "3"]);
    await waitUntil(async () => (await hooks(g, token))[0]?.pending === 0, "the queue to drain");
    expect((await hooks(g, token))[0]).toMatchObject({ pending: 0, lastError: null });
  });

  it("registrations and pending deliveries survive a gateway restart", async () => {
    const first = await gateway();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    await api(first.g.base, "POST", "/api/v2/register", { token: first.token, body: { http_client: url } });
    for (const name of ["5", "6"]) {
      await api(first.g.base, "POST", "/api/v2/activeorders", {
        token: first.token,
        body: { name, orderType: "TO_GO" },
      });
    }
    const dataDir = first.g.dataDir;
    await first.g.stop({ keepData: true });

    const again = await gateway(dataDir);
    const [hook, ...others] = await hooks(again.g, again.token);
    expect(others).toEqual([]);
    expect(hook).toMatchObject({ http_client: url, pending: 2 });
    const rx = await receiver(port);
    expect((await rx.waitFor(2)).map((b) => b.name)).toEqual(["5", "6"]);
  });
});
