// GET /api/v2/radio (radio.md §5) for the simulated floor and for no radio, and the gateway
// command refusing a bad --radio with a message that names the flag.
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run.js";
import { api, expectError } from "../helpers/contract.js";
import { getToken, startTestGateway } from "../helpers/gateway.js";

describe("GET /api/v2/radio", () => {
  it("needs a token", async () => {
    const t = await startTestGateway();
    try {
      expectError(await api(t.base, "GET", "/api/v2/radio"), 401, -2);
    } finally {
      await t.stop();
    }
  });

  it("reports the simulated floor online and counts the events it applied", async () => {
    const t = await startTestGateway();
    try {
      const token = await getToken(t);
      await api(t.base, "POST", "/sim/trackers/4/start");
      await api(t.base, "POST", "/sim/trackers/4/locate", { body: { table: "9" } });
      const r = await api(t.base, "GET", "/api/v2/radio", { token });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        status: 200,
        returnCode: 21,
        radio: {
          kind: "sim",
          online: true,
          since: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
          url: "sim",
          // started, located, seen (the sim reports its battery when it reads a tag)
          events: 3,
          rejected: 0,
          stale: 0,
          lastError: null,
        },
      });
    } finally {
      await t.stop();
    }
  });

  it("reports no radio as offline, and paging is then 503 -13 while orders work", async () => {
    const t = await startTestGateway({ sim: false });
    try {
      const token = await getToken(t);
      const r = await api(t.base, "GET", "/api/v2/radio", { token });
      expect(r.body.radio).toMatchObject({ kind: "none", online: false, url: "none", events: 0 });
      const created = await api(t.base, "POST", "/api/v2/activeorders", {
        token,
        body: { name: "8", orderType: "TO_GO" },
      });
      expect(created.status).toBe(201);
      t.gateway.ctx.trackers.report("8", "started");
      expectError(await api(t.base, "POST", "/api/v2/activeorders/8/page", { token }), 503, -13);
    } finally {
      await t.stop();
    }
  });
});

describe("opentt gateway --radio", () => {
  it.each(["zigbee", "mqtt://", "serial:ttyUSB0"])(
    "%s stops the gateway with a message naming --radio",
    async (radio) => {
      const r = await cli(["gateway", "--radio", radio, "--port", "0", "--no-mdns"]);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/^opentt: --radio "/);
      expect(r.err).not.toMatch(/\n\s+at /);
    },
  );
});
