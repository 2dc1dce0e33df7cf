// The two waiting commands in-process: `token` waits for the button and saves the token that
// later commands find by gateway serial; `watch` shows orders as they change and stops cleanly.
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes.js";
import { TokenFile } from "../../src/sdk/token-file.js";
import { getToken, type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { cli, start, tempTokenFile } from "./run.js";

let gw: TestGateway;
useTestGateway(
  (g) => {
    gw = g;
  },
  {},
  {},
  { token: false },
);

describe("opentt token", () => {
  it("waits for the button, then saves the token for later commands", async () => {
    const env = { OPENTT_TOKEN_FILE: tempTokenFile() };
    const run = start(["token", "--gateway", gw.base, "--name", "terminal"], env);
    await run.until((all) => all.includes("Press the button on Table Tracker"));
    gw.gateway.ctx.pressButton("test");
    expect(await run.code).toBe(0);
    expect(run.out()).toMatch(/Token "terminal": [0-9a-f]{48}/);
    const saved = new TokenFile(env.OPENTT_TOKEN_FILE).all();
    expect(saved).toEqual([
      expect.objectContaining({ name: "terminal", url: gw.base, serial: gw.gateway.ctx.identity.serial }),
    ]);

    // Found by serial even under another address for the same gateway.
    const other = gw.base.replace("127.0.0.1", "localhost");
    const orders = await cli(["orders", "--gateway", other, "--json"], env);
    expect(orders).toMatchObject({ code: 0 });
    expect(JSON.parse(orders.out)).toEqual([]);
  });

  it("--press presses the button itself on the gateway box", async () => {
    gw.gateway.ctx.sim?.clock.advance(200_000); // the window of the last test is over
    const r = await cli(["token", "--gateway", gw.base, "--press", "--name", "boxed", "--no-save", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      name: "boxed",
      savedTo: null,
      token: expect.stringMatching(/^[0-9a-f]{48}$/),
    });
  });

  it("shows a spinner and countdown on a terminal, and gives up after --timeout", async () => {
    gw.gateway.ctx.sim?.clock.advance(200_000); // the window of the last test is over
    const run = start(["token", "--gateway", gw.base, "--timeout", "1.5"], {}, { isTTY: true });
    await run.until((all) => /⠋ Press the button on .* waiting, 0:0\d left/.test(all));
    expect(await run.code).toBe(EXIT.TIMEOUT);
    expect(run.err()).toMatch(/nobody pressed the button/);
  });

  it("stops when interrupted", async () => {
    const run = start(["token", "--gateway", gw.base, "--json"]);
    await run.until((all) => all.includes("Press the button"));
    run.stop();
    expect(await run.code).toBe(EXIT.TIMEOUT);
    expect(JSON.parse(run.err().split("\n").filter(Boolean).pop() ?? "{}").error.message).toBe("Interrupted.");
  });
});

describe("opentt watch", () => {
  it("prints the board as orders change and exits 0 when stopped", async () => {
    const token = await getToken(gw, "watcher");
    const g = ["--gateway", gw.base, "--token", token];
    const run = start(["watch", ...g, "--target", "60"]);
    await run.until((all) => all.includes("target 1:00"));
    await cli(["order", "create", "88", "--table", "3", ...g]);
    await run.until((all) => /^88\s+3\s+dine in\s+located\s+0:0\d/m.test(all));
    run.stop();
    expect(await run.code).toBe(0);
  });

  it("streams snapshot and events as JSON lines", async () => {
    const token = await getToken(gw, "watcher-json");
    const g = ["--gateway", gw.base, "--token", token];
    const run = start(["watch", ...g, "--json"]);
    await run.until((all) => all.includes('"ACTIVE_ORDERS"'));
    await cli(["order", "create", "89", ...g]);
    await run.until((all) => all.includes('"ORDER_CREATED"'));
    run.stop();
    expect(await run.code).toBe(0);
    const lines = run
      .out()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0].type).toBe("ACTIVE_ORDERS");
    expect(lines.at(-1)).toMatchObject({ type: "ORDER_CREATED", name: "89", seq: lines[0].seq + 1 });
  });

  it("redraws in place on a terminal and exits 4 when its token is revoked", async () => {
    const token = await getToken(gw, "doomed");
    const run = start(["watch", "--gateway", gw.base, "--token", token], {}, { isTTY: true });
    await run.until((all) => all.includes("\x1b[H\x1b[2J") && all.includes("open"));
    await cli(["tokens", "revoke", "doomed", "--gateway", gw.base, "--token", await getToken(gw, "admin")]);
    expect(await run.code).toBe(EXIT.AUTH);
    expect(run.out()).toContain("\x1b[?25h"); // the cursor comes back
  });
});
