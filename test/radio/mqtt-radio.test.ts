// The MQTT radio against a real Debian mosquitto (radio.md §2, §5): events become orders and
// inventory, paging is a retained command a late tracker still gets, the gateway's state is
// retained with a last will, bad payloads are counted, credentials and TLS work.
import { readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { type Mosquitto, makeTestCa, startMosquitto } from "../helpers/mosquitto.js";
import { connectTracker } from "../helpers/mqtt-tracker.js";
import { waitUntil } from "../helpers/wait.js";

let broker: Mosquitto;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(() => broker.stop());

async function radioOf(t: TestGateway, token: string) {
  return (await api(t.base, "GET", "/api/v2/radio", { token })).body.radio as Record<string, unknown>;
}

describe("an external broker", () => {
  it("turns tracker events into orders and inventory, and pages with retained commands", async () => {
    const t = await startTestGateway({ sim: false, radio: broker.url("floor1") });
    const tracker = await connectTracker(broker.url(), ["floor1/tracker/12/set", "floor1/gateway/state"]);
    try {
      const token = await getToken(t);
      expect(await radioOf(t, token)).toMatchObject({
        kind: "mqtt",
        online: true,
        url: broker.url("floor1"),
        lastError: null,
      });
      await tracker.waitFor("floor1/gateway/state", (p) => (p as { state: string }).state === "online");

      await tracker.publish("floor1/tracker/12/event", JSON.stringify({ event: "started", orderType: "TO_GO" }));
      await tracker.publish("floor1/tracker/12/event", JSON.stringify({ event: "located", table: "7", battery: 81 }));
      const order = await waitUntil(async () => {
        const r = await api(t.base, "GET", "/api/v2/activeorders/12", { token });
        return (
          r.body.activeorder && (r.body.activeorder as { state: string }).state === "located" && r.body.activeorder
        );
      }, "order 12 located");
      expect(order).toMatchObject({ name: "12", orderType: "TO_GO", locationName: "7", state: "located" });
      const inv = await api(t.base, "GET", "/api/v2/trackers", { token });
      expect(inv.body.items).toEqual([
        expect.objectContaining({ name: "12", status: "located", locationName: "7", battery: 81 }),
      ]);

      const paged = await api(t.base, "POST", "/api/v2/activeorders/12/page", { token, body: { tracking: true } });
      expect(paged.body).toMatchObject({ returnCode: 12 });
      await tracker.waitFor("floor1/tracker/12/set", (p) => JSON.stringify(p) === '{"page":true,"tracking":true}');
      // A tracker that connects after the page still gets it: the command is retained.
      const late = await connectTracker(broker.url(), ["floor1/tracker/12/set"]);
      expect(await late.waitFor("floor1/tracker/12/set", (p) => (p as { page: boolean }).page === true)).toEqual({
        page: true,
        tracking: true,
      });
      expect(late.received[0]?.retain).toBe(true);
      await late.end();

      await tracker.publish("floor1/tracker/12/event", JSON.stringify({ event: "docked" }));
      await tracker.waitFor("floor1/tracker/12/set", (p) => JSON.stringify(p) === '{"page":false}');
      await waitUntil(
        async () => (await api(t.base, "GET", "/api/v2/activeorders/12", { token })).status === 404,
        "cleared",
      );
      expect(await radioOf(t, token)).toMatchObject({ events: 3, rejected: 0, stale: 0 });
    } finally {
      await t.stop();
    }
    // Stopping says so on the retained state topic.
    await tracker.waitFor("floor1/gateway/state", (p) => (p as { state: string }).state === "offline");
    await tracker.end();
  });

  it("counts bad payloads as rejected and lists repeaters from their retained state", async () => {
    const t = await startTestGateway({ sim: false, radio: broker.url("floor2") });
    const dev = await connectTracker(broker.url());
    try {
      const token = await getToken(t);
      await dev.publish("floor2/repeater/R-1/state", JSON.stringify({ online: true, battery: 90, signal: -60 }), true);
      await dev.publish("floor2/tracker/5/event", "not json");
      await dev.publish("floor2/tracker/5/event", JSON.stringify({ event: "flying" }));
      await dev.publish("floor2/tracker/1234567890/event", JSON.stringify({ event: "started" }));
      await dev.publish("floor2/tracker/5/event", Buffer.from([0xff, 0xfe, 0x00]));
      await dev.publish("floor2/tracker/5/event", JSON.stringify({ event: "seen", pad: "x".repeat(2000) }));
      await waitUntil(async () => (await radioOf(t, token)).rejected === 5, "5 rejected");
      expect((await api(t.base, "GET", "/api/v2/activeorders", { token })).body.count).toBe(0);
      expect((await api(t.base, "GET", "/api/v2/trackers", { token })).body.count).toBe(0);
      const reps = await waitUntil(async () => {
        const r = await api(t.base, "GET", "/api/v2/repeaters", { token });
        return (r.body.count as number) > 0 && r.body.repeaters;
      }, "a repeater");
      expect(reps).toEqual([
        expect.objectContaining({ extendedAddress: "R-1", status: "ACTIVE", deviceModel: "MQTT-REPEATER" }),
      ]);
    } finally {
      await dev.publish("floor2/repeater/R-1/state", "", true);
      await dev.end();
      await t.stop();
    }
  });
});

describe("credentials and TLS", () => {
  it("logs in with a username and password, and says why when they are wrong", async () => {
    const secured = await startMosquitto({ users: { tracker: "s3cret" } });
    try {
      const bad = await startTestGateway({
        sim: false,
        radio: secured.url("x").replace("mqtt://", "mqtt://tracker:wrong@"),
      });
      try {
        const token = await getToken(bad);
        const r = await radioOf(bad, token);
        expect(r).toMatchObject({ online: false, lastError: expect.stringMatching(/Not authorized|Bad username/i) });
        expect(r.url).not.toContain("wrong");
      } finally {
        await bad.stop();
      }
      // From the environment's credentials (OPENTT_RADIO_USERNAME/_PASSWORD).
      const good = await startTestGateway({
        sim: false,
        radio: secured.url("x"),
        radioUsername: "tracker",
        radioPassword: "s3cret",
      });
      try {
        expect(await radioOf(good, await getToken(good))).toMatchObject({ online: true });
      } finally {
        await good.stop();
      }
    } finally {
      await secured.stop();
    }
  });

  it("speaks TLS to a broker whose certificate the given CA signed, and refuses it without the CA", async () => {
    const ca = makeTestCa();
    const tls = await startMosquitto({ tls: { cert: ca.cert, key: ca.key } });
    try {
      const trusted = await startTestGateway({ sim: false, radio: tls.url("s"), radioCa: ca.ca });
      try {
        const token = await getToken(trusted);
        expect(await radioOf(trusted, token)).toMatchObject({ online: true, url: tls.url("s") });
        const tracker = await connectTracker(tls.url(), [], { ca: readFileSync(ca.ca) });
        await tracker.publish("s/tracker/3/event", JSON.stringify({ event: "started" }));
        await waitUntil(
          async () => (await api(trusted.base, "GET", "/api/v2/activeorders/3", { token })).status === 200,
          "order 3",
        );
        await tracker.end();
      } finally {
        await trusted.stop();
      }
      const untrusted = await startTestGateway({ sim: false, radio: tls.url("s") });
      try {
        expect(await radioOf(untrusted, await getToken(untrusted))).toMatchObject({
          online: false,
          lastError: expect.stringMatching(/certificate/i),
        });
      } finally {
        await untrusted.stop();
      }
    } finally {
      await tls.stop();
      rmSync(ca.dir, { recursive: true, force: true });
    }
  });
});
