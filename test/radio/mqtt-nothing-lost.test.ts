// radio.md §2, §5, issue 16 point 4: nothing a tracker sent is lost. Events published while the
// gateway is stopped or SIGKILLed arrive when it returns (persistent session, QoS 1) and apply at
// their own `ts`; a broker that goes away leaves the order routes working and paging 503/-13;
// when it returns the radio is online again and what was sent meanwhile applies.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { type Mosquitto, startMosquitto } from "../helpers/mosquitto.js";
import { connectTracker } from "../helpers/mqtt-tracker.js";
import { spawnGateway } from "../helpers/spawn.js";
import { waitUntil } from "../helpers/wait.js";

let broker: Mosquitto;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(() => broker.stop());

const radioOf = async (t: TestGateway, token: string) =>
  (await api(t.base, "GET", "/api/v2/radio", { token })).body.radio as Record<string, unknown>;
const ev = (o: Record<string, unknown>) => JSON.stringify(o);

async function located(t: TestGateway, name: string) {
  return waitUntil(() => {
    const o = t.gateway.ctx.orders.find({ by: "name", name });
    return o?.state === "located" && o;
  }, `order ${name} located`);
}

describe("events sent while the gateway is away", () => {
  it("apply when it returns from a clean stop, at the times the tracker gave", async () => {
    const first = await startTestGateway({ sim: false, radio: broker.url("away") });
    await first.stop({ keepData: true });
    const tracker = await connectTracker(broker.url());
    const t0 = Date.now() - 120_000;
    await tracker.publish("away/tracker/21/event", ev({ event: "started", ts: t0 }));
    await tracker.publish("away/tracker/21/event", ev({ event: "located", table: "4", ts: t0 + 30_000, battery: 55 }));
    await tracker.end();
    const back = await startTestGateway({ sim: false, radio: broker.url("away"), dataDir: first.dataDir });
    try {
      const o = await located(back, "21");
      expect(o).toMatchObject({ created: t0, locatedAt: t0 + 30_000, locationName: "4" });
      expect(back.gateway.ctx.trackers.get("21")).toMatchObject({ battery: 55, lastSeen: t0 + 30_000 });
      // An older report that arrives after the newer one is stale, not applied.
      const late = await connectTracker(broker.url());
      await late.publish("away/tracker/21/event", ev({ event: "docked", ts: t0 + 10_000 }));
      await late.end();
      const token = await getToken(back);
      await waitUntil(async () => (await radioOf(back, token)).stale === 1, "one stale event");
      expect(back.gateway.ctx.orders.find({ by: "name", name: "21" })?.state).toBe("located");
    } finally {
      await back.stop();
    }
  });

  it("apply after a SIGKILL; the broker publishes the last will meanwhile", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "opentt-kill-"));
    const watcher = await connectTracker(broker.url(), ["killed/gateway/state"]);
    try {
      const g = await spawnGateway(["--host", "127.0.0.1", "--data", dataDir, "--radio", broker.url("killed")]);
      await watcher.waitFor("killed/gateway/state", (p) => (p as { state: string }).state === "online");
      g.proc.kill("SIGKILL");
      await g.exited;
      await watcher.waitFor("killed/gateway/state", (p) => (p as { state: string }).state === "offline", "the will");
      const t0 = Date.now() - 60_000;
      await watcher.publish("killed/tracker/33/event", ev({ event: "started", ts: t0 }));
      await watcher.publish("killed/tracker/33/event", ev({ event: "located", table: "12", ts: t0 + 5_000 }));
      const back = await startTestGateway({ sim: false, radio: broker.url("killed"), dataDir });
      try {
        expect(await located(back, "33")).toMatchObject({ created: t0, locatedAt: t0 + 5_000, locationName: "12" });
      } finally {
        await back.stop();
      }
    } finally {
      await watcher.end();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("the broker going away", () => {
  it("leaves orders working, pages 503 -13, reports offline; back online, nothing lost", async () => {
    const own = await startMosquitto();
    const t = await startTestGateway({ sim: false, radio: own.url("down") });
    try {
      const token = await getToken(t);
      const tracker = await connectTracker(own.url());
      await tracker.publish("down/tracker/40/event", ev({ event: "started" }));
      await tracker.end();
      await waitUntil(() => t.gateway.ctx.orders.find({ by: "name", name: "40" }), "order 40");

      await own.halt();
      const offline = await waitUntil(async () => {
        const r = await radioOf(t, token);
        return r.online === false && r;
      }, "radio offline");
      expect(offline.lastError).toEqual(expect.any(String));
      const created = await api(t.base, "POST", "/api/v2/activeorders", {
        token,
        body: { name: "41", orderType: "TO_GO" },
      });
      expect(created.status).toBe(201);
      expect((await api(t.base, "GET", "/api/v2/activeorders", { token })).body.count).toBe(2);
      expectError(await api(t.base, "POST", "/api/v2/activeorders/40/page", { token }), 503, -13);
      const inv = await api(t.base, "GET", "/api/v2/trackers", { token });
      expect(inv.body.items).toEqual([expect.objectContaining({ name: "40", status: "started" })]);

      await own.start();
      // A tracker that reports before the gateway has reconnected: its event waits in the
      // gateway's session on the broker.
      const again = await connectTracker(own.url());
      await again.publish("down/tracker/40/event", ev({ event: "located", table: "3" }));
      await again.end();
      await waitUntil(async () => (await radioOf(t, token)).online === true, "radio back online");
      await located(t, "40");
      expect((await api(t.base, "POST", "/api/v2/activeorders/40/page", { token })).body.returnCode).toBe(12);
    } finally {
      await t.stop();
      await own.stop();
    }
  });
});
