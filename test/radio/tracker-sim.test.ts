// `opentt tracker-sim` (issue 16 point 6): reference trackers as separate MQTT clients on a real
// broker drive a gateway's floor like the demo does, and follow the gateway's paging command.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, start } from "../cli/run.js";
import { api } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { type Mosquitto, startMosquitto } from "../helpers/mosquitto.js";
import { waitUntil } from "../helpers/wait.js";

let broker: Mosquitto;
let t: TestGateway;
beforeAll(async () => {
  broker = await startMosquitto();
  t = await startTestGateway({ sim: false, radio: broker.url("ref") });
});
afterAll(async () => {
  await t.stop();
  await broker.stop();
});

describe("opentt tracker-sim", () => {
  it("plays trackers whose story the gateway applies, and a paged tracker vibrates", async () => {
    const token = await getToken(t);
    const run = start(["tracker-sim", "--radio", broker.url("ref"), "--trackers", "4", "--speed", "100"]);
    try {
      await run.until((s) => s.includes("4 trackers on"));
      const located = await waitUntil(async () => {
        const r = await api(t.base, "GET", "/api/v2/activeorders", { token });
        return (r.body.items as Array<{ name: string; state: string }>).find((o) => o.state === "located");
      }, "an order located by a reference tracker");
      const inv = (await api(t.base, "GET", "/api/v2/trackers", { token })).body.items as Array<{ name: string }>;
      expect(inv.map((i) => i.name).sort()).toEqual(["1", "2", "3", "4"]);
      expect((await api(t.base, "POST", `/api/v2/activeorders/${located.name}/page`, { token })).body.returnCode).toBe(
        12,
      );
      await run.until((s) => s.includes(`tracker ${located.name}: vibrating`));
    } finally {
      run.stop();
      expect(await run.code).toBe(0);
    }
  });

  it("refuses a radio that is not a broker URL, naming --radio", async () => {
    for (const radio of ["serial:/dev/ttyUSB0", "mqtt", "zigbee"]) {
      const r = await cli(["tracker-sim", "--radio", radio]);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/--radio "/);
    }
  });
});
