// End to end through real processes: `node bin/opentt.js …` and the README's integration example
// (examples/integration.mjs, importing the built package as "opentt/sdk/node"). Both run the
// compiled dist/, so `npm run build` comes first (npm test does it).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes.js";
import { createClient } from "../../src/sdk/index.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { tempTokenFile } from "./run.js";

let gw: TestGateway;
beforeAll(async () => {
  if (!existsSync("dist/cli/main.js") || !existsSync("dist/sdk/node.js"))
    throw new Error("dist/ is missing: run `npm run build` before these tests");
  gw = await startTestGateway();
});
afterAll(() => gw?.stop());

interface Proc {
  child: ChildProcess;
  output: () => string;
  /** stderr alone. */
  errors: () => string;
  until(match: RegExp, timeoutMs?: number): Promise<void>;
  exit: Promise<number | null>;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, OPENTT_TOKEN_FILE: tempTokenFile(), OPENTT_GATEWAY: gw.base, OPENTT_TOKEN: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of [...listeners]) l();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
    onData(d);
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    errors: () => err,
    exit,
    until: (match, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!match.test(out)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => reject(new Error(`never saw ${match}; output:\n${out}`)), timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

describe("spawned", () => {
  it("node bin/opentt.js runs commands with meaningful exit codes", async () => {
    const token = await getToken(gw, "spawned");
    const create = run(["bin/opentt.js", "order", "create", "61", "--table", "2", "--token", token]);
    expect(await create.exit).toBe(0);
    expect(create.output()).toMatch(/Order 61: created/);

    // Independent of each other: run side by side (each process loads the whole CLI).
    const list = run(["bin/opentt.js", "orders", "--json"], { OPENTT_TOKEN: token });
    const missing = run(["bin/opentt.js", "order", "clear", "99", "--token", token]);
    const usage = run(["bin/opentt.js", "order", "create"]);
    expect(await list.exit).toBe(0);
    expect(JSON.parse(list.output()).map((o: { name: string }) => o.name)).toContain("61");
    expect(await missing.exit).toBe(EXIT.NOT_FOUND);
    expect(missing.output()).toMatch(/No active order/);
    expect(await usage.exit).toBe(EXIT.USAGE);
  }, 120_000);

  it("the README integration example runs as written", async () => {
    gw.gateway.ctx.sim?.clock.advance(200_000); // close the token window the last test opened
    const example = run(["examples/integration.mjs"]);
    await example.until(/Press the button on the gateway/);
    gw.gateway.ctx.pressButton("test");
    expect(await example.exit).toBe(0);
    const out = example.output();
    expect(out).toMatch(/Token "pos-example-\w+" issued/);
    expect(out).toMatch(/\[live\] #\d+ ORDER_CREATED order 1042 started/);
    expect(out).toMatch(/Order 1042: cleared/);
    expect(out).toMatch(/History: \d+ orders; 1042 took \d+ s, cleared by MANAGER_OVERRIDE/);
  }, 120_000);
});

describe("a reader that stops early", () => {
  /** Closes our end of the child's stdout, as `head` does once it has read enough. */
  const closeReader = (p: Proc) =>
    new Promise<void>((resolve) => {
      p.child.stdout?.once("close", () => resolve());
      p.child.stdout?.destroy();
    });

  it("`watch --json | head -n 1`: the next write ends watch quietly, exit 0", async () => {
    const token = await getToken(gw, "pipe-watch");
    const watch = run(["bin/opentt.js", "watch", "--json"], { OPENTT_TOKEN: token });
    await watch.until(/"type":"ACTIVE_ORDERS"/);
    await closeReader(watch);
    // An order change: watch writes its event line into the closed pipe.
    await createClient({ baseUrl: gw.base, token }).upsertOrder({ name: "71", orderType: "TO_GO" });
    expect(await watch.exit).toBe(0);
    expect(watch.errors()).toBe("");
  }, 60_000);

  it("`watch --json | head -n 1` in a shell, on a quiet floor: watch ends when head does, exit 0", async () => {
    const token = await getToken(gw, "pipe-watch-quiet");
    // A real pipe (Node's own stdio pipes are socket pairs). No order changes meanwhile: watch
    // writes nothing after the snapshot, so only noticing the closed pipe can end it.
    const sh = spawn("bash", ["-o", "pipefail", "-c", `"${process.execPath}" bin/opentt.js watch --json | head -n 1`], {
      env: { ...process.env, OPENTT_TOKEN_FILE: tempTokenFile(), OPENTT_GATEWAY: gw.base, OPENTT_TOKEN: token },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so a watch that never ends is still stopped below
    });
    let out = "";
    let err = "";
    sh.stdout.on("data", (d: Buffer) => (out += d));
    sh.stderr.on("data", (d: Buffer) => (err += d));
    try {
      const [code] = (await once(sh, "exit")) as [number | null];
      expect({ code, err }).toEqual({ code: 0, err: "" });
      expect(JSON.parse(out)).toMatchObject({ type: "ACTIVE_ORDERS" });
    } finally {
      if (sh.pid !== undefined && sh.exitCode === null) process.kill(-sh.pid, "SIGKILL");
    }
  }, 60_000);

  it("a one-shot command whose reader is gone before it writes exits 0 without a stack", async () => {
    const token = await getToken(gw, "pipe-history");
    const history = run(["bin/opentt.js", "history", "--json"], { OPENTT_TOKEN: token });
    await closeReader(history);
    expect(await history.exit).toBe(0);
    expect(history.errors()).toBe("");
  }, 60_000);
});

describe("opentt cloud, the service", () => {
  it("still runs with its subcommands beside it: options parsed, serving, stopped by SIGTERM", async () => {
    const data = mkdtempSync(path.join(tmpdir(), "opentt-cli-cloud-"));
    const service = run(["bin/opentt.js", "cloud", "--host", "127.0.0.1", "--port", "0", "--data", data]);
    await service.until(/opentt cloud serving http:\/\/127\.0\.0\.1:\d+/, 90_000);
    service.child.kill("SIGTERM");
    expect(await service.exit).toBe(0);
  }, 120_000);
});
