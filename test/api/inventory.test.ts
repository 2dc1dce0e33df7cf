// Hardware inventory over HTTP (spec §10): trackers (14, 1007) and repeaters (15, 1006), pairing
// (1012, 1013, -16) and the refresh flag (-15), on the simulated floor.
import { describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
let token: string;

useTestGateway((g, tok) => {
  t = g;
  token = tok;
});

describe("/api/v2/trackers", () => {
  it("lists the trackers the floor has seen (14), by number", async () => {
    await api(t.base, "POST", "/sim/trackers/12/start");
    await api(t.base, "POST", "/sim/trackers/3/locate", { body: { table: "8" } });
    const r = await api(t.base, "GET", "/api/v2/trackers", { token });
    expect(r.body).toMatchObject({ status: 200, returnCode: 14, count: 2 });
    expect(r.body.items).toEqual([
      { name: "3", status: "located", locationName: "8", battery: expect.any(Number), lastSeen: expect.any(String) },
      { name: "12", status: "started", locationName: "", battery: expect.any(Number), lastSeen: expect.any(String) },
    ]);
  });

  it("shows a paging tracker as paging", async () => {
    await api(t.base, "POST", "/api/v2/activeorders/12/page", { token });
    const items = (await api(t.base, "GET", "/api/v2/trackers", { token })).body.items as Array<{ status: string }>;
    expect(items[1]?.status).toBe("paging");
  });

  it("shows a tracker off its dock that has not reported for an hour as missing", async () => {
    await api(t.base, "POST", "/api/v2/activeorders/12/page", { token, body: { tracking: false } });
    await api(t.base, "POST", "/sim/trackers/40/start");
    await api(t.base, "POST", "/sim/trackers/40/clear");
    await api(t.base, "POST", "/sim/clock", { body: { advanceSeconds: 3601 } });
    const items = (await api(t.base, "GET", "/api/v2/trackers", { token })).body.items as Array<{
      name: string;
      status: string;
    }>;
    expect(items.map((i) => [i.name, i.status])).toEqual([
      ["3", "missing"],
      ["12", "missing"],
      ["40", "docked"],
    ]);
  });

  it("DELETE clears the inventory (1007)", async () => {
    expect((await api(t.base, "DELETE", "/api/v2/trackers", { token })).body).toMatchObject({ returnCode: 1007 });
    expect((await api(t.base, "GET", "/api/v2/trackers", { token })).body.count).toBe(0);
  });
});

describe("/api/v2/repeaters", () => {
  it("lists repeaters with the original's fields (15)", async () => {
    const r = await api(t.base, "GET", "/api/v2/repeaters?refresh=true", { token });
    expect(r.body).toMatchObject({ status: 200, returnCode: 15 });
    const reps = r.body.repeaters as Array<Record<string, unknown>>;
    expect(r.body.count).toBe(reps.length);
    expect(Object.keys(reps[0] ?? {}).sort()).toEqual(
      [
        "deviceModel",
        "deviceType",
        "extendedAddress",
        "firmwareVersion",
        "hardwareVersion",
        "label",
        "lastSeen",
        "manufacturerId",
        "parentShortAddress",
        "profileId",
        "remainingChildren",
        "shortAddress",
        "status",
      ].sort(),
    );
  });

  it("refresh must be true or false (-15)", async () => {
    expectError(await api(t.base, "GET", "/api/v2/repeaters?refresh=maybe", { token }), 400, -15);
  });

  it("pairing: timeout 1-254 enables (1012), 0 disables (1013), endPairing disables (1013)", async () => {
    const before = (await api(t.base, "GET", "/api/v2/repeaters", { token })).body.count as number;
    const on = await api(t.base, "POST", "/api/v2/repeaters/beginPairing", { token, body: { timeout: 30 } });
    expect(on.body).toMatchObject({ status: 200, returnCode: 1012 });
    expect((await api(t.base, "GET", "/api/v2/repeaters", { token })).body.count).toBe(before + 1);
    const zero = await api(t.base, "POST", "/api/v2/repeaters/beginPairing", { token, body: { timeout: 0 } });
    expect(zero.body.returnCode).toBe(1013);
    expect((await api(t.base, "POST", "/api/v2/repeaters/endPairing", { token })).body.returnCode).toBe(1013);
  });

  it.each([-1, 255, 1.5, "30"])("timeout %j is 400 -16", async (timeout) => {
    expectError(await api(t.base, "POST", "/api/v2/repeaters/beginPairing", { token, body: { timeout } }), 400, -16);
  });

  it("DELETE clears them (1006)", async () => {
    expect((await api(t.base, "DELETE", "/api/v2/repeaters", { token })).body.returnCode).toBe(1006);
    expect((await api(t.base, "GET", "/api/v2/repeaters", { token })).body.count).toBe(0);
  });
});
