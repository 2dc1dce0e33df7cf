// `--radio mqtt` with no URL (radio.md §2): the gateway runs its own broker (aedes) on a port
// trackers connect to, and keeps sessions and retained commands in the data folder, so a
// restart neither forgets a page nor loses a tracker's queued command.
import { describe, expect, it } from "vitest";
import { api } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { connectTracker } from "../helpers/mqtt-tracker.js";
import { waitUntil } from "../helpers/wait.js";

const brokerUrl = (t: TestGateway) => t.gateway.radioStatus().url;

describe("the embedded broker", () => {
  it("carries tracker events and keeps a retained page across a gateway restart", async () => {
    const t = await startTestGateway({ sim: false, radio: "mqtt", mqttPort: 0 });
    let dataDir = t.dataDir;
    let port = 0;
    try {
      const url = brokerUrl(t);
      expect(url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+\/opentt$/);
      port = Number(new URL(url).port);
      const token = await getToken(t);
      expect((await api(t.base, "GET", "/api/v2/radio", { token })).body.radio).toMatchObject({
        kind: "mqtt",
        online: true,
      });
      const tracker = await connectTracker(url, ["opentt/gateway/state"]);
      await tracker.waitFor("opentt/gateway/state", (p) => (p as { state: string }).state === "online");
      await tracker.publish("opentt/tracker/9/event", JSON.stringify({ event: "located", table: "2" }));
      await waitUntil(() => t.gateway.ctx.orders.find({ by: "name", name: "9" }), "order 9");
      expect((await api(t.base, "POST", "/api/v2/activeorders/9/page", { token })).body.returnCode).toBe(12);
      await tracker.end();
      dataDir = t.dataDir;
    } finally {
      await t.stop({ keepData: true });
    }
    // Same data folder, same port: the retained command survived in the broker's store.
    const back = await startTestGateway({ sim: false, radio: "mqtt", mqttPort: port, dataDir });
    try {
      const later = await connectTracker(brokerUrl(back), ["opentt/tracker/9/set"]);
      expect(await later.waitFor("opentt/tracker/9/set", () => true)).toEqual({ page: true, tracking: true });
      await later.end();
    } finally {
      await back.stop();
    }
  });

  it("keeps a tracker's persistent session in the data folder: a QoS 1 message queued while it was away survives a restart", async () => {
    const t = await startTestGateway({ sim: false, radio: "mqtt", mqttPort: 0 });
    const port = Number(new URL(brokerUrl(t)).port);
    const opts = { clientId: "tracker-77", clean: false };
    try {
      const first = await connectTracker(brokerUrl(t), [], opts);
      await first.client.subscribeAsync("opentt/tracker/77/note", { qos: 1 });
      await first.end();
      // Not retained: only the tracker's stored session can hold it.
      const other = await connectTracker(brokerUrl(t));
      await other.publish("opentt/tracker/77/note", '{"n":1}');
      await other.end();
    } finally {
      await t.stop({ keepData: true });
    }
    const back = await startTestGateway({ sim: false, radio: "mqtt", mqttPort: port, dataDir: t.dataDir });
    try {
      const again = await connectTracker(brokerUrl(back), [], opts);
      expect(await again.waitFor("opentt/tracker/77/note", () => true)).toEqual({ n: 1 });
      await again.end();
    } finally {
      await back.stop();
    }
  });

  it("keeps stale events out after DELETE /api/v2/trackers, and after a restart", async () => {
    const t = await startTestGateway({ sim: false, radio: "mqtt", mqttPort: 0 });
    let back: TestGateway | undefined;
    const t0 = Date.now() - 120_000;
    const send = async (g: TestGateway, o: Record<string, unknown>) => {
      const tracker = await connectTracker(brokerUrl(g));
      await tracker.publish("opentt/tracker/41/event", JSON.stringify(o));
      await tracker.end();
    };
    const radio = async (g: TestGateway, token: string) =>
      (await api(g.base, "GET", "/api/v2/radio", { token })).body.radio as { events: number; stale: number };
    try {
      const token = await getToken(t);
      await send(t, { event: "started", ts: t0 });
      await send(t, { event: "located", table: "5", ts: t0 + 30_000 });
      await waitUntil(() => t.gateway.ctx.orders.find({ by: "name", name: "41" })?.state === "located", "located");
      expect((await api(t.base, "DELETE", "/api/v2/trackers", { token })).status).toBe(200);
      // A redelivered report from before the newest one: stale, though the list forgot the tracker.
      await send(t, { event: "docked", ts: t0 + 10_000 });
      await waitUntil(async () => (await radio(t, token)).stale === 1, "one stale event");
      expect(t.gateway.ctx.orders.find({ by: "name", name: "41" })?.state).toBe("located");
      expect(t.gateway.ctx.trackers.isSeen("41")).toBe(false);
      await t.stop({ keepData: true });
      back = await startTestGateway({ sim: false, radio: "mqtt", mqttPort: 0, dataDir: t.dataDir });
      const token2 = await getToken(back, "after-restart");
      await send(back, { event: "docked", ts: t0 + 20_000 });
      await waitUntil(async () => (await radio(back as TestGateway, token2)).stale === 1, "stale after restart");
      expect(back.gateway.ctx.orders.find({ by: "name", name: "41" })?.state).toBe("located");
      // A newer report still applies.
      await send(back, { event: "docked", ts: t0 + 40_000 });
      await waitUntil(() => back?.gateway.ctx.orders.find({ by: "name", name: "41" }) === undefined, "cleared by dock");
    } finally {
      await back?.stop();
      await t.stop();
    }
  });

  it("refuses a port in use with a message naming --mqtt-port", async () => {
    const t = await startTestGateway({ sim: false, radio: "mqtt", mqttPort: 0 });
    try {
      const port = Number(new URL(brokerUrl(t)).port);
      await expect(startTestGateway({ sim: false, radio: "mqtt", mqttPort: port })).rejects.toThrow(/--mqtt-port/);
    } finally {
      await t.stop();
    }
  });
});
