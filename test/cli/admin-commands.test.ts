// The commands for what a gateway is connected to: webhooks, the tracker and repeater inventory,
// and its cloud binding (bound for real to an opentt cloud on PGlite or $OPENTT_TEST_PG_URL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes.js";
import { createClient } from "../../src/sdk/index.js";
import { startTestCloud, type TestCloud } from "../cloud/helpers.js";
import { call, type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { cli } from "./run.js";

let gw: TestGateway;
let g: string[];
useTestGateway(
  (started, issued) => {
    gw = started;
    g = ["--gateway", gw.base, "--token", issued];
  },
  {},
  {},
  { token: "cli-admin" },
);

describe("opentt webhooks", () => {
  it("adds, lists and removes webhooks; an unknown one is not-found", async () => {
    expect((await cli(["webhooks", "list", ...g])).out).toMatch(/No webhooks registered/);
    const added = await cli(["webhooks", "add", "http://127.0.0.1:9/orders", ...g]);
    expect(added).toMatchObject({ code: 0, out: expect.stringMatching(/Webhook registered/) });
    expect(JSON.parse((await cli(["webhooks", "add", "http://127.0.0.1:9/b", ...g, "--json"])).out)).toEqual({
      registered: "http://127.0.0.1:9/b",
    });
    const list = await cli(["webhooks", "list", ...g]);
    expect(list.out).toMatch(/^URL\s+PENDING\s+LAST ERROR$/m);
    expect(list.out).toMatch(/^http:\/\/127\.0\.0\.1:9\/orders\s+\d+/m);
    const json = JSON.parse((await cli(["webhooks", "list", ...g, "--json"])).out);
    expect(json.map((w: { http_client: string }) => w.http_client).sort()).toEqual([
      "http://127.0.0.1:9/b",
      "http://127.0.0.1:9/orders",
    ]);

    const bad = await cli(["webhooks", "add", "ftp://x", ...g]);
    expect(bad.code).toBe(EXIT.FAILED);
    expect(bad.err).toMatch(/Invalid <url> "ftp:\/\/x": use an http:\/\/ or https:\/\/ URL/);
    const unknown = await cli(["webhooks", "remove", "http://127.0.0.1:9/nope", ...g]);
    expect(unknown.code).toBe(EXIT.NOT_FOUND);
    expect(unknown.err).toMatch(
      /No webhook is registered for http:\/\/127\.0\.0\.1:9\/nope; see `opentt webhooks list`/,
    );

    expect((await cli(["webhooks", "remove", "http://127.0.0.1:9/orders", ...g])).out).toMatch(/Webhook removed/);
    expect(JSON.parse((await cli(["webhooks", "remove", "http://127.0.0.1:9/b", ...g, "--json"])).out)).toEqual({
      removed: "http://127.0.0.1:9/b",
    });
    expect(JSON.parse((await cli(["webhooks", "list", ...g, "--json"])).out)).toEqual([]);
  });
});

describe("opentt trackers and repeaters", () => {
  it("lists the trackers the floor has seen", async () => {
    await cli(["sim", "start", "41", ...g]);
    await cli(["sim", "locate", "41", "7", ...g]);
    const r = await cli(["trackers", ...g]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^TRACKER\s+STATUS\s+TABLE\s+BATTERY\s+LAST SEEN$/m);
    expect(r.out).toMatch(/^41\s+located\s+7\s+\d+%\s+\d{4}-\d\d-\d\dT/m);
    const json = JSON.parse((await cli(["trackers", ...g, "--json"])).out);
    expect(json).toContainEqual(expect.objectContaining({ name: "41", status: "located", locationName: "7" }));
  });

  it("lists the repeaters, --refresh asking them first", async () => {
    const client = createClient({ baseUrl: gw.base, token: g[3] });
    const expected = await client.repeaters(); // the simulated floor starts with some
    expect(expected.length).toBeGreaterThan(0);
    const r = await cli(["repeaters", "--refresh", ...g]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ADDRESS\s+SHORT\s+LABEL\s+MODEL\s+STATUS/m);
    for (const rep of expected) expect(r.out).toContain(rep.extendedAddress);
    const json = JSON.parse((await cli(["repeaters", ...g, "--json"])).out);
    expect(json.map((x: { extendedAddress: string }) => x.extendedAddress)).toEqual(
      expected.map((x) => x.extendedAddress),
    );
    await client.clearRepeaters();
    expect((await cli(["repeaters", ...g])).out).toBe("No repeaters paired.\n");
  });
});

describe("opentt cloud status|bind|unbind", () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  }, 120_000);
  afterAll(() => cloud?.stop());

  it("binds with a device code, shows the binding, and unbinds", async () => {
    const unbound = await cli(["cloud", "status", ...g]);
    expect(unbound.out).toMatch(/Not bound to a cloud: `opentt cloud bind <device-code> <cloud-url>`/);
    expect(JSON.parse((await cli(["cloud", "status", ...g, "--json"])).out)).toMatchObject({ bound: false });
    const notBound = await cli(["cloud", "unbind", ...g]);
    expect(notBound.code).toBe(EXIT.NOT_FOUND);
    expect(notBound.err).toMatch(/not bound to a cloud/);

    const malformed = await cli(["cloud", "bind", "12-34", cloud.base, ...g]);
    expect(malformed.code).toBe(EXIT.FAILED);
    expect(malformed.err).toMatch(/Invalid <device-code> "12-34": use the 8-character code/);

    const site = await call(cloud.base, "POST", "/cloud/v1/sites", { token: cloud.token, body: { name: "Downtown" } });
    const code = site.body.deviceCode as string;
    // `activate` (the route's name) is an alias of `bind`.
    const bound = await cli(["cloud", "activate", code, cloud.base, ...g]);
    expect(bound.code).toBe(0);
    expect(bound.out).toMatch(/^Bound to site "Downtown" \(#\d+\) of "Test Diner Group" at http:\/\/127\.0\.0\.1:\d+/);
    const status = await cli(["cloud", "status", ...g]);
    expect(status.out).toMatch(/^Bound to site "Downtown"/);
    expect(status.out).toMatch(/^Changes waiting:\s+\d+/m);
    expect(JSON.parse((await cli(["cloud", "status", ...g, "--json"])).out)).toMatchObject({
      bound: true,
      siteName: "Downtown",
      cloud: cloud.base,
    });

    const burnt = await cli(["cloud", "bind", code, cloud.base, ...g, "--json"]);
    expect(burnt.code).toBe(EXIT.FAILED);
    expect(JSON.parse(burnt.err).error).toMatchObject({ code: "INVALID_DEVICE_CODE" });

    const unbind = await cli(["cloud", "unbind", ...g, "--json"]);
    expect(unbind.code).toBe(0);
    expect(JSON.parse(unbind.out)).toMatchObject({ unbound: cloud.base });
    expect(JSON.parse((await cli(["cloud", "status", ...g, "--json"])).out)).toMatchObject({ bound: false });
  }, 60_000);

  it("keeps `opentt cloud` the cloud service: its options and the subcommands share the help", async () => {
    const help = await cli(["cloud", "--help"]);
    expect(help.code).toBe(0);
    for (const word of ["--create-account", "--database", "status", "bind|activate", "unbind"])
      expect(help.out).toContain(word);
    const unknown = await cli(["cloud", "bogus"]);
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.err).toMatch(/Unknown cloud command 'bogus': use status, bind or unbind/);
  });
});

describe("help", () => {
  it("every new command documents itself and the shared flags", async () => {
    const top = await cli(["--help"]);
    for (const c of ["webhooks", "trackers", "repeaters", "cloud"]) expect(top.out).toContain(c);
    for (const argv of [
      ["webhooks", "list"],
      ["webhooks", "add"],
      ["webhooks", "remove"],
      ["trackers"],
      ["repeaters"],
      ["cloud", "status"],
      ["cloud", "bind"],
      ["cloud", "unbind"],
    ]) {
      const h = await cli([...argv, "--help"]);
      expect(h.code).toBe(0);
      expect(h.out).toContain("--gateway");
      expect(h.out).toContain("--json");
    }
  });
});
