// Issue 16's finding: a page cancelled (or its order cleared) while the broker was unreachable
// must not leave the retained {"page":true} on the broker, or a tracker that connects later
// vibrates for an order that is gone. radio.md §2: the set topic holds the *current* command,
// so on every (re)connect the gateway publishes it again for every tracker it knows of.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { type Mosquitto, startMosquitto } from "../helpers/mosquitto.js";
import { connectTracker } from "../helpers/mqtt-tracker.js";
import { waitUntil } from "../helpers/wait.js";

let broker: Mosquitto;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(() => broker.stop());

const online = (t: TestGateway, want: boolean) =>
  waitUntil(() => t.gateway.ctx.radio?.status("UTC").online === want, `radio ${want ? "online" : "offline"}`);

/** The retained command a tracker that connects now gets on its set topic. */
async function retainedSet(base: string, tracker: string): Promise<unknown> {
  const topic = `${base}/tracker/${tracker}/set`;
  const late = await connectTracker(broker.url(), [topic]);
  try {
    return await late.waitFor(topic, () => true, `the retained command of tracker ${tracker}`);
  } finally {
    await late.end();
  }
}

async function pagedOrders(t: TestGateway, token: string, base: string, names: string[]): Promise<void> {
  const tracker = await connectTracker(
    broker.url(),
    names.map((n) => `${base}/tracker/${n}/set`),
  );
  for (const n of names) await tracker.publish(`${base}/tracker/${n}/event`, JSON.stringify({ event: "started" }));
  await waitUntil(() => names.every((n) => t.gateway.ctx.orders.find({ by: "name", name: n })), "orders started");
  for (const n of names) {
    const r = await api(t.base, "POST", `/api/v2/activeorders/${n}/page`, { token, body: { tracking: true } });
    expect(r.body).toMatchObject({ returnCode: 12 });
    await tracker.waitFor(`${base}/tracker/${n}/set`, (p) => (p as { page: boolean }).page === true);
  }
  await tracker.end();
}

describe("a page ended while the broker is down", () => {
  it("is withdrawn from the broker when it returns: cancelled, cleared and still-paged trackers", async () => {
    const t = await startTestGateway({ sim: false, radio: broker.url("down1") });
    try {
      const token = await getToken(t);
      await pagedOrders(t, token, "down1", ["31", "32", "33"]);

      await broker.halt();
      await online(t, false);
      // Cancelling a page and clearing an order both work with the radio offline.
      expect((await api(t.base, "DELETE", "/api/v2/activeorders/31/page", { token })).status).toBe(200);
      expect((await api(t.base, "DELETE", "/api/v2/activeorders/32", { token })).status).toBe(200);
      await broker.start();
      await online(t, true);

      expect(await retainedSet("down1", "31")).toEqual({ page: false });
      expect(await retainedSet("down1", "32")).toEqual({ page: false });
      // The one still paging keeps its page.
      expect(await retainedSet("down1", "33")).toEqual({ page: true, tracking: true });
    } finally {
      await t.stop();
    }
  });

  it("is withdrawn even when the gateway restarted before the broker came back", async () => {
    const first = await startTestGateway({ sim: false, radio: broker.url("down2") });
    const token = await getToken(first);
    await pagedOrders(first, token, "down2", ["41"]);
    await broker.halt();
    await online(first, false);
    expect((await api(first.base, "DELETE", "/api/v2/activeorders/41", { token })).status).toBe(200);
    await first.stop({ keepData: true });
    const back = await startTestGateway({ sim: false, radio: broker.url("down2"), dataDir: first.dataDir });
    try {
      await broker.start();
      await online(back, true);
      expect(await retainedSet("down2", "41")).toEqual({ page: false });
    } finally {
      await back.stop();
    }
  });
});
