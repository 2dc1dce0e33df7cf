// subscribe({discovery: true}) end to end on a private LAN of network namespaces (never the
// machine's interfaces): a Node client subscribed to the gateway loses it when DHCP renumbers the
// gateway's box (after a reboot, or live while the gateway keeps running), finds it again by real
// mDNS (src/sdk/discovery.ts, not an injected rediscover), says so with `address`, and keeps
// receiving order events at the new address. Runs the compiled SDK and CLI: `npm test` builds first.
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLan, type Lan, LineReader, netnsAvailable, type Side } from "../helpers/netns.js";

const REPO = path.resolve(import.meta.dirname, "../..");
const CLI = path.join(REPO, "bin/opentt.js");
const SDK = path.join(REPO, "dist/sdk/node.js");
const PORT = 8000;
// CI must run this; elsewhere it needs root (see DEVELOPERS.md) and is skipped without it.
const mustRun = Boolean(process.env.CI);

type LogLine = { msg?: string; url?: string; instance?: string };
type ClientLine =
  | { kind: "status"; payload: string }
  | { kind: "address"; payload: string }
  | { kind: "snapshot"; payload: { type: string; seq: number; items: { name: string }[] } }
  | { kind: "event"; payload: { type: string; seq: number; name: string } }
  | { kind: "error"; payload: string };

// The client under test: the published Node entry with discovery on, and nothing else that could
// find the new address for it. Short open timeout and backoff only make the three failed attempts
// before rediscovery quicker (a SYN to the vanished address gets no answer at all).
const CLIENT_SCRIPT = `
import { subscribe } from ${JSON.stringify(pathToFileURL(SDK).href)};
const [baseUrl, token] = process.argv.slice(2);
const out = (kind, payload) => process.stdout.write(JSON.stringify({ kind, payload }) + "\\n");
const sub = subscribe({
  baseUrl,
  token,
  discovery: true,
  openTimeoutMs: 3000,
  backoff: { initialMs: 200, maxMs: 2000 },
});
for (const kind of ["status", "address", "snapshot", "event"]) sub.on(kind, (p) => out(kind, p));
sub.on("error", (e) => out("error", String(e && e.message ? e.message : e)));
// The test ends the session by closing stdin, so the socket closes cleanly before the kill.
process.stdin.on("end", () => { sub.close(); process.exit(0); });
process.stdin.resume();
`;

interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe.skipIf(!netnsAvailable() && !mustRun)("SDK subscribe() rediscovery over real mDNS", () => {
  // One LAN per scenario, so a gateway or client left over from one cannot answer in the other.
  const lans: Lan[] = [];
  let lan: Lan;
  let tmp = "";

  beforeAll(() => {
    if (!existsSync(SDK) || !existsSync(path.join(REPO, "dist/cli/main.js")))
      throw new Error("build first: npm run build");
    tmp = mkdtempSync(path.join(tmpdir(), "opentt-sdk-rediscovery-"));
  });
  afterAll(async () => {
    await Promise.all(lans.map((l) => l.destroy()));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs a command in a namespace without blocking the event loop (the client's lines keep flowing). */
  async function runIn(side: Side, args: string[]): Promise<Done> {
    const child = lan.spawn(side, "node", args, { cwd: REPO });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const [code] = await once(child, "exit");
    return { code, stdout, stderr };
  }

  /** The gateway on the fixed port a DHCP'd box would use, advertising over mDNS. */
  async function startGateway(data: string): Promise<{ child: ChildProcess; url: string }> {
    const child = lan.spawn("gw", "node", [CLI, "gateway", "--sim", "--data", data, "--port", String(PORT)], {
      cwd: REPO,
    });
    const log = new LineReader<LogLine>(child.stdout!);
    const serving = await log.waitFor((l) => l.msg?.startsWith("opentt gateway serving") ?? false, 40_000, "serving");
    await log.waitFor((l) => l.msg === "advertising over mDNS", 40_000, "advertising");
    return { child, url: serving.url! };
  }

  /**
   * Subscribes a client at the gateway's address, moves the gateway to a new one (`reboot`: it
   * stops, the box is renumbered, it starts again; otherwise the address changes under the running
   * gateway), and checks that the client follows it there.
   */
  async function followsTheGateway(scenario: "reboot" | "live", moveWithinMs: number): Promise<void> {
    lan = createLan();
    lans.push(lan);
    const data = path.join(tmp, `data-${scenario}`);
    let gw = await startGateway(data);
    const oldIp = lan.ip.gw;
    const oldUrl = `http://${oldIp}:${PORT}`;

    // A token the real way: `opentt token` waits for the button, SIGUSR1 presses it.
    const tokenRun = lan.spawn("client", "node", [
      CLI,
      "token",
      "--gateway",
      oldUrl,
      "--no-save",
      "--json",
      "--timeout",
      "60",
    ]);
    let tokenOut = "";
    tokenRun.stdout!.on("data", (d) => (tokenOut += d));
    await new LineReader<unknown>(tokenRun.stderr!).waitFor(
      (l) => typeof l === "string" && l.includes("Press the button"),
      30_000,
      "the token prompt",
    );
    gw.child.kill("SIGUSR1");
    const [tokenCode] = await once(tokenRun, "exit");
    expect(tokenCode).toBe(0);
    const token = (JSON.parse(tokenOut) as { token: string }).token;
    expect(token).toMatch(/\S{8,}/);

    const script = path.join(tmp, "client.mjs");
    writeFileSync(script, CLIENT_SCRIPT);
    const client = lan.spawn("client", "node", [script, oldUrl, token]);
    const lines = new LineReader<ClientLine>(client.stdout!);
    let clientErr = "";
    client.stderr!.on("data", (d) => (clientErr += d));
    const after = (mark: ClientLine | undefined) => (l: ClientLine) =>
      mark === undefined || lines.lines.indexOf(l) > lines.lines.indexOf(mark);

    await lines.waitFor((l) => l.kind === "snapshot", 20_000, "the first snapshot");
    // Baseline: events flow at the original address.
    const first = await runIn("client", [CLI, "order", "create", "101", "--gateway", oldUrl, "--token", token]);
    expect(first.code, first.stderr).toBe(0);
    await lines.waitFor(
      (l) => l.kind === "event" && l.payload.type === "ORDER_CREATED" && l.payload.name === "101",
      15_000,
      "ORDER_CREATED 101 at the old address",
    );

    // Either way nothing answers at the old address any more: its SYNs (and the client's pings on
    // the old connection) are simply dropped.
    const newIp = oldIp.replace(/\.1$/, ".9");
    const newUrl = `http://${newIp}:${PORT}`;
    if (scenario === "reboot") {
      gw.child.kill("SIGTERM");
      await once(gw.child, "exit");
      lan.renumber("gw", newIp);
      gw = await startGateway(data);
      expect(new URL(gw.url).port).toBe(String(PORT));
    } else {
      lan.renumber("gw", newIp);
    }

    // The client notices the loss, fails three attempts, then discover() in its namespace hears
    // the new address (a fresh gateway's announcement, or ciao's re-announcement of the change).
    const moved = await lines.waitFor((l) => l.kind === "address", moveWithinMs, `address ${newUrl}`);
    expect(moved.payload, clientErr).toBe(newUrl);
    const snapshot = await lines.waitFor(
      (l) => l.kind === "snapshot" && after(moved)(l),
      30_000,
      "a snapshot from the new address",
    );
    expect(snapshot.kind).toBe("snapshot");
    // Nothing but the discovered address can have been reached in between.
    expect(lines.lines.filter((l) => l.kind === "address").map((l) => l.payload)).toEqual([newUrl]);

    const second = await runIn("client", [CLI, "order", "create", "202", "--gateway", newUrl, "--token", token]);
    expect(second.code, second.stderr).toBe(0);
    const created = await lines.waitFor(
      (l) => l.kind === "event" && l.payload.type === "ORDER_CREATED" && l.payload.name === "202",
      15_000,
      "ORDER_CREATED 202 at the new address",
    );
    expect(after(snapshot)(created)).toBe(true);

    client.stdin!.end();
    const [clientCode] = await once(client, "exit");
    expect(clientCode, clientErr).toBe(0);
    gw.child.kill("SIGTERM");
    await once(gw.child, "exit");
  }

  it("the gateway reboots with a new address: the client finds it by mDNS, emits `address` and gets its events", async () => {
    await followsTheGateway("reboot", 90_000);
  }, 240_000);

  // The old connection dies silently here (no FIN can come from an address that is gone), so this
  // needs the client's own pings (node-socket.ts) to notice within 30 s, then the rediscovery.
  it("the address changes under the running gateway: the client notices, rediscovers and follows it", async () => {
    await followsTheGateway("live", 120_000);
  }, 300_000);
});
