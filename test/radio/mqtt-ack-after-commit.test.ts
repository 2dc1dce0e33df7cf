// radio.md §2 with the group commit: the MQTT radio applies the events of one read in one
// transaction, a moment after their messages arrived, and mqtt.js acknowledges (PUBACK) each
// message as its handler returns. The socket is corked until the commit (mqtt-radio.ts
// #holdAcks), so a gateway that dies inside that transaction has acknowledged none of the batch
// and the broker sends it all again. Here it is SIGKILLed before the COMMIT of the first group of
// two or more events (the store's test-only hook); after a restart every started order is there.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/contract.js";
import { getToken, startTestGateway } from "../helpers/gateway.js";
import { type Mosquitto, startMosquitto } from "../helpers/mosquitto.js";
import { connectTracker } from "../helpers/mqtt-tracker.js";
import { spawnGateway } from "../helpers/spawn.js";
import { waitUntil } from "../helpers/wait.js";

const TRACKERS = 60;

let broker: Mosquitto;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(() => broker.stop());

describe("a batch of MQTT events killed before its commit", () => {
  it("was not acknowledged: the broker sends it again and every order starts", { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "opentt-ack-"));
    const tracker = await connectTracker(broker.url(), ["acks/gateway/state"]);
    try {
      const env = { ...process.env, OPENTT_TEST_KILL_IN_GROUP_OF: "2" };
      const g = await spawnGateway(["--host", "127.0.0.1", "--data", dataDir, "--radio", broker.url("acks")], [], env);
      await tracker.waitFor("acks/gateway/state", (p) => (p as { state: string }).state === "online");
      // All at once: the broker forwards them together, and the gateway reads several at a time.
      const names = Array.from({ length: TRACKERS }, (_, i) => String(i + 1));
      await Promise.all(
        names.map((n) => tracker.publish(`acks/tracker/${n}/event`, JSON.stringify({ event: "started" }))),
      );
      const exit = await Promise.race([g.exited, new Promise((r) => setTimeout(() => r("alive"), 20_000))]);
      expect(exit, "no read carried two events: nothing was batched").toMatchObject({ signal: "SIGKILL" });

      const back = await startTestGateway({ sim: false, radio: broker.url("acks"), dataDir });
      try {
        const token = await getToken(back);
        const active = await waitUntil(async () => {
          const r = await api(back.base, "GET", "/api/v2/activeorders", { token });
          const list = (r.body.items ?? []) as Array<{ name: string }>;
          return list.length === TRACKERS && list;
        }, `${TRACKERS} started orders`);
        expect(active.map((o) => o.name).sort((a, b) => Number(a) - Number(b))).toEqual(names);
      } finally {
        await back.stop();
      }
    } finally {
      await tracker.end();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
