// The gateway as a process (issue 2.2, 2.4, 2.5): orders acknowledged with 2xx survive
// `kill -9` right after the reply, with tokens, settings and seq; SIGUSR1 and `opentt button`
// press the button; SIGTERM stops cleanly. Few processes: each start costs seconds.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/gateway.js";
import { runCli, type SpawnedGateway, spawnedGateways } from "../helpers/spawn.js";
import { waitUntil } from "../helpers/wait.js";
import { connect } from "../helpers/ws-client.js";

const { start, tempDir: dataDir } = spawnedGateways("opentt-proc-");

const generate = (g: SpawnedGateway, name: string) => call(g.base, "GET", `/api/v2/accesstoken/generate?name=${name}`);

/** Presses the button with SIGUSR1 and waits until the window serves a token. */
async function tokenBySignal(g: SpawnedGateway, name: string): Promise<string> {
  g.proc.kill("SIGUSR1");
  const r = await waitUntil(async () => {
    const res = await generate(g, name);
    return res.status === 201 ? res : undefined;
  }, "the token window to open after SIGUSR1");
  return (r.body.token as { token: string }).token;
}

describe("durability", () => {
  it("changes acknowledged with 2xx survive kill -9 right after the reply, with tokens, settings and seq", async () => {
    const dir = dataDir();
    const g = await start(dir);
    const token = await tokenBySignal(g, "pos");
    await call(g.base, "POST", "/api/v2/gateway/settings", { token, body: { targetTimeDefault: 777 } });
    await call(g.base, "POST", "/api/v2/activeorders", { token, body: { name: "1", orderType: "TO_GO" } });
    expect((await call(g.base, "DELETE", "/api/v2/activeorders/1", { token })).status).toBe(200);
    const created = await call(g.base, "POST", "/api/v2/activeorders", {
      token,
      body: { name: "2", orderType: "ON_PREMISE", locationName: "9" },
    });
    expect(created.status).toBe(201);
    g.proc.kill("SIGKILL");
    expect((await g.exited).signal).toBe("SIGKILL");

    const again = await start(dir);
    const got = await call(again.base, "GET", "/api/v2/activeorders/2", { token });
    expect(got.status).toBe(200);
    expect(got.body.activeorder).toEqual({
      ...(created.body.activeorder as object),
      elapsedTime: expect.any(Number),
    });
    expect((await call(again.base, "GET", "/api/v2/activeorders/1", { token })).status).toBe(404);
    const history = await call(again.base, "GET", "/api/v2/orders", { token });
    expect((history.body.items as unknown[]).map((o) => (o as { state: string }).state)).toEqual([
      "located",
      "cleared",
    ]);
    const settings = await call(again.base, "GET", "/api/v2/gateway/settings", { token });
    expect(settings.body.settings).toMatchObject({ targetTimeDefault: 777 });
    const ws = connect(again.base, { token });
    expect(await ws.next()).toMatchObject({ type: "ACTIVE_ORDERS", seq: 3, count: 1 });
    ws.close();
    await ws.closed;
  });
});

describe("one gateway process with the simulated floor", () => {
  let g: SpawnedGateway;
  const closeWindow = () => call(g.base, "POST", "/sim/clock", { body: { advanceSeconds: 121 } });

  it("SIGUSR1 opens the token window", async () => {
    g = await start(dataDir(), ["--sim"]);
    expect((await generate(g, "x")).status).toBe(403);
    expect(await tokenBySignal(g, "x")).toMatch(/^[0-9a-f]{48}$/);
  });

  it("`opentt button --gateway URL` opens the token window", async () => {
    await closeWindow();
    expect((await generate(g, "y")).status).toBe(403);
    const r = await runCli(["button", "--gateway", g.base]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Button pressed/);
    expect((await generate(g, "y")).status).toBe(201);
  });

  it("`opentt button` with no gateway there fails with a message", async () => {
    const r = await runCli(["button", "--gateway", "http://127.0.0.1:9"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Cannot reach the gateway/);
  });

  it("a second gateway on a port in use says which flag or variable picks another, without a stack", async () => {
    const port = new URL(g.base).port;
    const data = dataDir();
    const r = await runCli(["gateway", "--host", "127.0.0.1", "--port", port, "--data", data, "--no-mdns"]);
    expect(r.code).toBe(1);
    // It found the port taken before it opened the data folder: no database, lock or pid file.
    expect(readdirSync(data)).toEqual([]);
    expect(r.stderr).toContain(`opentt: Port ${port} is already in use (127.0.0.1:${port}`);
    expect(r.stderr).toMatch(/--port P or OPENTT_PORT=P/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).not.toMatch(/"level":50/); // and no error-level log line with a stack
  });

  it("SIGTERM stops the gateway cleanly with exit code 0: serving, stopping, stopped", async () => {
    g.proc.kill("SIGTERM");
    expect((await g.exited).code).toBe(0);
    expect(g.output()).toMatch(/"signal":"SIGTERM"/);
    const msgs = [...g.output().matchAll(/"msg":"([^"]*)"/g)].map((m) => m[1] ?? "");
    const order = msgs.filter((m) => /^(opentt gateway serving|stopping$|stopped$)/.test(m));
    expect(order).toEqual([
      expect.stringMatching(/^opentt gateway serving http:\/\/127\.0\.0\.1:\d+\//),
      "stopping",
      "stopped",
    ]);
  });
});
