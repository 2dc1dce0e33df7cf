// Settings over HTTP (spec §7): read (13), change any subset (1004), -20/-21 with the
// original's message shape, persistence across a restart, and a timezone change moving every
// timestamp written from then on.
import { afterEach, describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function start(dataDir?: string): Promise<{ g: TestGateway; token: string }> {
  t = await startTestGateway(dataDir ? { dataDir } : {});
  return { g: t, token: await getToken(t, `t${Date.now()}`) };
}

describe("GET/POST /api/v2/gateway/settings", () => {
  it("reads the five settings (200/13)", async () => {
    const { g, token } = await start();
    const r = await api(g.base, "GET", "/api/v2/gateway/settings", { token });
    expect(r.body).toEqual({
      status: 200,
      returnCode: 13,
      settings: {
        zigbeePreset: "A",
        targetTimeDefault: 300,
        timezone: expect.any(String),
        historyDays: 14,
        autoClearHours: 12,
      },
    });
  });

  it("changes any subset (1004) and the change is read back", async () => {
    const { g, token } = await start();
    const r = await api(g.base, "POST", "/api/v2/gateway/settings", {
      token,
      body: { zigbeePreset: "C", timezone: "America/New_York" },
    });
    expect(r.body).toMatchObject({ status: 200, returnCode: 1004 });
    const s = (await api(g.base, "GET", "/api/v2/gateway/settings", { token })).body.settings;
    expect(s).toMatchObject({ zigbeePreset: "C", timezone: "America/New_York", targetTimeDefault: 300 });
  });

  it("an unknown key is 400 -20 'Invalid settings key: <key>'", async () => {
    const { g, token } = await start();
    const r = await api(g.base, "POST", "/api/v2/gateway/settings", { token, body: { bogusKey: 1 } });
    expectError(r, 400, -20);
    expect(r.body.message).toMatch(/^Invalid settings key: bogusKey/);
  });

  it.each([
    ["zigbeePreset", "Z"],
    ["targetTimeDefault", 0],
    ["timezone", "Mars/Base"],
    ["historyDays", 91],
    ["autoClearHours", 0],
  ])("%s = %j is 400 -21 'Invalid value <v> for key <key>. …' and nothing changes", async (key, value) => {
    const { g, token } = await start();
    const r = await api(g.base, "POST", "/api/v2/gateway/settings", {
      token,
      body: { zigbeePreset: "B", [key]: value },
    });
    expectError(r, 400, -21);
    expect(r.body.message).toMatch(new RegExp(`^Invalid value .* for key ${key}\\. `));
    expect((await api(g.base, "GET", "/api/v2/gateway/settings", { token })).body.settings).toMatchObject({
      zigbeePreset: "A",
    });
  });

  it("an invalid JSON body is 400 -31", async () => {
    const { g, token } = await start();
    expectError(await api(g.base, "POST", "/api/v2/gateway/settings", { token, body: [1] }), 400, -31);
  });

  it("changes survive a restart", async () => {
    const first = await start();
    const dataDir = first.g.dataDir;
    await api(first.g.base, "POST", "/api/v2/gateway/settings", {
      token: first.token,
      body: { targetTimeDefault: 900, historyDays: 30, autoClearHours: 6, timezone: "+03:00", zigbeePreset: "E" },
    });
    await first.g.stop({ keepData: true });
    t = await startTestGateway({ dataDir });
    const token = await getToken(t, "after-restart");
    expect((await api(t.base, "GET", "/api/v2/gateway/settings", { token })).body.settings).toEqual({
      targetTimeDefault: 900,
      historyDays: 30,
      autoClearHours: 6,
      timezone: "+03:00",
      zigbeePreset: "E",
    });
  });

  it("a timezone change moves every timestamp written from then on", async () => {
    const { g, token } = await start();
    await api(g.base, "POST", "/api/v2/gateway/settings", { token, body: { timezone: "+00:00" } });
    await api(g.base, "POST", "/api/v2/activeorders", { token, body: { name: "5", orderType: "TO_GO" } });
    const utc = (await api(g.base, "GET", "/api/v2/activeorders/5", { token })).body.activeorder as { created: string };
    await api(g.base, "POST", "/api/v2/gateway/settings", { token, body: { timezone: "+05:30" } });
    const ist = (await api(g.base, "GET", "/api/v2/activeorders/5", { token })).body.activeorder as { created: string };
    const shift = Date.parse(`${ist.created}Z`) - Date.parse(`${utc.created}Z`);
    expect(shift).toBe(5.5 * 3600_000);
    const info = (await api(g.base, "GET", "/api/v2")).body.gateway as { timezone: string };
    expect(info.timezone).toBe("+05:30");
    const hist = (await api(g.base, "GET", "/api/v2/orders", { token })).body.items as Array<{ orderStarted: string }>;
    expect(hist[0]?.orderStarted).toBe(ist.created);
  });
});
