// Every CLI command in-process against a real gateway: output, --json, and exit codes.
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes.js";
import { createClient } from "../../src/sdk/index.js";
import { startTestGateway, type TestGateway, useTestGateway } from "../helpers/gateway.js";
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
  { token: "cli" },
);

describe("opentt CLI", () => {
  it("prints help for every command, with exit codes and common flags", async () => {
    const top = await cli(["--help"]);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/Exit codes:/);
    for (const c of [
      "discover",
      "token",
      "status",
      "orders",
      "order",
      "history",
      "stats",
      "settings",
      "tokens",
      "watch",
      "button",
      "sim",
    ])
      expect(top.out).toContain(c);
    for (const argv of [
      ["orders"],
      ["order", "create"],
      ["watch"],
      ["settings", "set"],
      ["sim", "locate"],
      ["tokens", "revoke"],
    ]) {
      const h = await cli([...argv, "--help"]);
      expect(h.code).toBe(0);
      expect(h.out).toContain("--gateway");
      expect(h.out).toContain("--json");
    }
    expect((await cli(["orders", "--bogus"])).code).toBe(EXIT.USAGE);
  });

  it("creates, locates, shows, pages, unpages and clears orders", async () => {
    const created = await cli(["order", "create", "12", "--type", "TO_GO", ...g]);
    expect(created).toMatchObject({ code: 0 });
    expect(created.out).toMatch(/Order 12: created/);
    const located = await cli(["order", "locate", "12", "8", ...g, "--json"]);
    expect(JSON.parse(located.out)).toMatchObject({
      result: "modified",
      order: { locationName: "8", state: "located" },
    });
    const list = await cli(["orders", ...g]);
    expect(list.out).toMatch(/^ORDER\s+TYPE\s+TABLE/m);
    expect(list.out).toMatch(/^12\s+TO_GO\s+8\s+located/m);
    expect(JSON.parse((await cli(["order", "show", "12", ...g, "--json"])).out).name).toBe("12");

    expect((await cli(["order", "page", "12", ...g])).code).toBe(EXIT.FAILED); // no tracker seen yet
    await cli(["sim", "start", "12", ...g]);
    const paged = await cli(["order", "page", "12", "--no-tracking", ...g, "--json"]);
    expect(JSON.parse(paged.out).paged).toBe(true);
    expect((await cli(["order", "unpage", "12", ...g])).out).toMatch(/paging canceled/);
    expect((await cli(["order", "clear", "12", ...g])).out).toMatch(/cleared/);

    const missing = await cli(["order", "show", "12", ...g, "--json"]);
    expect(missing.code).toBe(EXIT.NOT_FOUND);
    expect(JSON.parse(missing.err).error).toMatchObject({ code: "ORDER_NOT_FOUND", returnCode: -6 });

    await cli(["order", "create", "13", ...g]);
    expect((await cli(["order", "clear-all", ...g])).code).toBe(EXIT.USAGE);
    expect(JSON.parse((await cli(["order", "clear-all", "--yes", ...g, "--json"])).out)).toEqual({ count: 1 });
    expect((await cli(["order", "create", "abc", ...g])).code).toBe(EXIT.FAILED);
  });

  it("shows history with filters and today's statistics", async () => {
    await cli(["order", "create", "21", "--type", "TO_GO", "--table", "4", ...g]);
    await cli(["order", "create", "22", ...g]);
    const h = JSON.parse((await cli(["history", "--type", "to_go", "--table", "4", ...g, "--json"])).out);
    expect(h.items.map((i: { name: string }) => i.name)).toEqual(["21"]);
    expect((await cli(["history", "--limit", "1", ...g])).out).toMatch(/1 of \d+/);
    expect((await cli(["history", "--limit", "x", ...g])).code).toBe(EXIT.USAGE);
    const s = JSON.parse((await cli(["stats", "--target", "240", ...g, "--json"])).out);
    expect(s.targetTime).toBe(240);
  });

  it("reads and changes settings", async () => {
    expect((await cli(["settings", "set", "targetTimeDefault=420", "zigbeePreset=C", ...g])).code).toBe(0);
    expect((await cli(["settings", "get", "targetTimeDefault", ...g])).out).toBe("420\n");
    expect(JSON.parse((await cli(["settings", "get", ...g, "--json"])).out)).toMatchObject({ zigbeePreset: "C" });
    expect((await cli(["settings", "set", "nope=1", ...g])).code).toBe(EXIT.FAILED);
    expect((await cli(["settings", "set", "novalue", ...g])).code).toBe(EXIT.USAGE);
  });

  it("lists, mints and revokes tokens", async () => {
    const minted = JSON.parse((await cli(["tokens", "create", "kitchen", ...g, "--json"])).out);
    expect(minted.token).toMatch(/^[0-9a-f]{48}$/);
    expect((await cli(["tokens", "list", ...g])).out).toMatch(/^kitchen\s/m);
    expect((await cli(["tokens", "revoke", "kitchen", ...g])).code).toBe(0);
    const refused = await cli(["orders", "--gateway", gw.base, "--token", minted.token]);
    expect(refused.code).toBe(EXIT.AUTH);
    expect(refused.err).toMatch(/token/i);
  });

  it("reports status, with and without a token", async () => {
    const full = JSON.parse((await cli(["status", ...g, "--json"])).out);
    expect(full).toMatchObject({ url: gw.base, tokenValid: true, gateway: { serial: expect.any(String) } });
    const anon = await cli(["status", "--gateway", gw.base]);
    expect(anon.code).toBe(0);
    expect(anon.out).toMatch(/no token/);
  });

  it("drives the simulated floor and presses the button", async () => {
    expect((await cli(["sim", "start", "31", ...g])).out).toMatch(/Tracker 31: started/);
    expect(JSON.parse((await cli(["sim", "locate", "31", "6", ...g, "--json"])).out)).toMatchObject({
      locationName: "6",
    });
    const client = createClient({ baseUrl: gw.base, token: g[3] });
    expect((await client.getOrder("31")).locationName).toBe("6");
    expect((await cli(["sim", "clear", "31", ...g])).out).toMatch(/docked/);
    expect((await cli(["sim", "tracker", "31", "--gateway", gw.base])).out).toMatch(/docked/);
    const before = JSON.parse((await cli(["sim", "clock", "--gateway", gw.base, "--json"])).out).offsetSeconds;
    const after = JSON.parse((await cli(["sim", "advance", "90", "--gateway", gw.base, "--json"])).out).offsetSeconds;
    expect(after - before).toBe(90);
    expect((await cli(["sim", "button", "--gateway", gw.base])).out).toMatch(/token window is open/);
    expect((await cli(["button", "--gateway", gw.base])).out).toMatch(/token window is open/);
  });

  it("sim tracker shows the tracker, and a tracker the floor has not seen is not-found (exit 5)", async () => {
    await cli(["sim", "start", "32", ...g]);
    await cli(["sim", "locate", "32", "5", ...g]);
    const shown = await cli(["sim", "tracker", "32", ...g]);
    expect(shown).toMatchObject({ code: 0, out: "Tracker 32: located at table 5, battery 99%\n" });
    expect(JSON.parse((await cli(["sim", "tracker", "32", ...g, "--json"])).out)).toEqual({
      name: "32",
      status: "located",
      paging: false,
      locationName: "5",
      battery: 99,
    });
    for (const command of ["tracker", "clear"]) {
      const unseen = await cli(["sim", command, "997", ...g]);
      expect(unseen.code).toBe(EXIT.NOT_FOUND);
      expect(unseen.err).toMatch(/Tracker 997 has not been seen .*`opentt sim start 997`/);
    }
    // Asking did not invent it: the inventory (the Floor panel's list) does not show it.
    const client = createClient({ baseUrl: gw.base, token: g[3] });
    expect((await client.trackers()).map((t) => t.name)).not.toContain("997");
    const plain = await startTestGateway({ sim: false });
    try {
      const noFloor = await cli(["sim", "tracker", "32", "--gateway", plain.base]);
      expect(noFloor.code).toBe(EXIT.NOT_FOUND);
      expect(noFloor.err).toMatch(/no simulated floor: start it with `opentt gateway --sim`/);
    } finally {
      await plain.stop();
    }
  });

  it("exits 3 when the gateway is unreachable and 4 without a token", async () => {
    const down = await cli(["orders", "--gateway", "http://127.0.0.1:1", "--token", "0".repeat(48)]);
    expect(down.code).toBe(EXIT.UNREACHABLE);
    const noToken = await cli(["orders", "--gateway", gw.base]);
    expect(noToken.code).toBe(EXIT.AUTH);
    expect(noToken.err).toMatch(/opentt token/);
  });
});

describe("opentt discover", () => {
  // Multicast runs only inside network namespaces a test creates (test/discovery/mdns.test.ts
  // covers "nothing answered" there); here only what needs no network.
  it("refuses a negative timeout as a usage error", async () => {
    expect((await cli(["discover", "--timeout", "-1"])).code).toBe(EXIT.USAGE);
  });
});
