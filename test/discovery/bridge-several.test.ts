// Issue 17.1 end to end: `--radio lrs` finds the vendor gateway by Bonjour on a private LAN of
// network namespaces. The bridge runs in the multi-homed "gw" namespace, so it hears both other
// namespaces. Several vendor gateways answering stops it with a list (name, address, serial) and
// the flag that picks each; an opentt bridge (TXT `bridge=`) and the gateway's own advertisement
// (its serial) are never candidates. Advertisements are python-zeroconf's (a responder opentt did
// not write) except the chosen upstream, a real `opentt gateway --sim`. They all live in "client"
// (a second address stands for a second machine there): the SDK's browser asks on the interface
// that holds the multicast route, so a multi-homed bridge hears that link only. Needs root and a
// build.
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, SqliteStore } from "../../src/store/sqlite-store.js";
import { LineReader, lanPerTest, netnsAvailable, type Side, tokenIn } from "../helpers/netns.js";
import { ROOT } from "../helpers/spawn.js";

const CLI = path.join(ROOT, "bin/opentt.js");
const PYTHON = "/usr/bin/python3";
const ADVERTISE = path.join(ROOT, "test/discovery/zeroconf-advertise.py");
const mustRun = Boolean(process.env.CI);
const SELF = "B17SELF00001";
type LogLine = { msg?: string; url?: string };

describe.skipIf(!netnsAvailable() && !mustRun)("--radio lrs when several gateways answer", () => {
  const net = lanPerTest("opentt-several-");

  /** A data folder whose gateway serial is SELF, so the test can advertise "itself". */
  function dataDir(serial?: string): string {
    const dir = net.tempDir();
    if (serial) {
      const store = new SqliteStore(openDatabase({ dataDir: dir }));
      store.meta.set("serial", serial);
      store.close();
    }
    return dir;
  }

  /** A `_tracker-http._tcp` advertisement by python-zeroconf in a namespace; resolves once registered. */
  async function advertise(side: Side, name: string, address: string, serial: string, txt: string[] = []) {
    const py = net.lan.spawn(side, PYTHON, [
      ADVERTISE,
      ...["--name", name, "--port", "8000", "--address", address, "--serial", serial],
      ...txt.flatMap((t) => ["--txt", t]),
    ]);
    await new LineReader(py.stdout!).waitFor((l) => l === "ready", 20_000, `${name} advertising`);
    return py;
  }

  function gateway(side: Side, data: string, args: string[]): { child: ChildProcess; log: LineReader<LogLine> } {
    const child = net.lan.spawn(side, "node", [CLI, "gateway", "--port", "0", "--data", data, ...args], { cwd: ROOT });
    return { child, log: new LineReader<LogLine>(child.stdout!) };
  }

  /** What the bridge's namespace hears on Bonjour: the names `opentt discover` lists there. */
  function heard(): string[] {
    const found = JSON.parse(net.lan.run("gw", "node", [CLI, "discover", "--json"])) as { name: string }[];
    return found.map((g) => g.name).sort();
  }

  /** Waits until the bridge's namespace hears `names` and one more (the upstream); returns its name. */
  async function waitForNames(names: string[]): Promise<string> {
    for (let i = 0; i < 10; i++) {
      const now = heard();
      const rest = now.filter((n) => !names.includes(n));
      if (names.every((n) => now.includes(n)) && rest.length === 1) return rest[0]!;
    }
    throw new Error(`the bridge's namespace does not hear ${names.join(", ")} and the upstream: ${heard().join(", ")}`);
  }

  it("stops, lists the vendor gateways with name, address and serial, and says how to choose", async () => {
    const second = net.lan.ip.client.replace(/\.2$/, ".3");
    net.lan.run("client", "ip", ["addr", "add", `${second}/24`, "dev", net.lan.dev.client]);
    await advertise("client", "LRS Gateway A", net.lan.ip.client, "VENDORA00001");
    await advertise("client", "LRS Gateway B", second, "VENDORB00002");
    // An opentt bridge and this gateway itself also answer; neither is listed.
    await advertise("client", "Table Tracker BRIDGE000009", second, "BRIDGE000009", ["bridge=VENDORA00001"]);
    await advertise("client", "Table Tracker B17SELF00001", net.lan.ip.client, SELF);

    const { child } = gateway("gw", dataDir(SELF), ["--radio", "lrs", "--radio-token", "0".repeat(48), "--no-mdns"]);
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).not.toBe(0);
    expect(stderr).toContain("several gateways answered on Bonjour (_tracker-http._tcp)");
    expect(stderr).toContain("choose one by starting opentt with --radio lrs+http://host:port");
    const a = `http://${net.lan.ip.client}:8000`;
    const b = `http://${second}:8000`;
    expect(stderr).toContain(`  LRS Gateway A at ${a} (serial VENDORA00001): --radio lrs+${a}\n`);
    expect(stderr).toContain(`  LRS Gateway B at ${b} (serial VENDORB00002): --radio lrs+${b}`);
    expect(stderr).not.toContain("BRIDGE000009");
    expect(stderr).not.toContain(SELF);
    // One line of reason, no stack trace.
    expect(stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
  }, 120_000);

  it("skips an opentt bridge and itself, and bridges the one vendor gateway left", async () => {
    const upData = dataDir();
    const up = gateway("client", upData, ["--sim"]);
    const serving = await up.log.waitFor(
      (l) => l.msg?.startsWith("opentt gateway serving") ?? false,
      40_000,
      "serving",
    );
    const upPort = new URL(serving.url!).port;
    await up.log.waitFor((l) => l.msg === "advertising over mDNS", 40_000, "upstream advertising");
    await advertise("client", "Table Tracker BRIDGE000009", net.lan.ip.client, "BRIDGE000009", ["bridge=VENDORA00001"]);
    await advertise("client", "Table Tracker B17SELF00001", net.lan.ip.client, SELF);
    // All three are heard where the bridge runs, so choosing the upstream means skipping two.
    const upName = await waitForNames(["Table Tracker B17SELF00001", "Table Tracker BRIDGE000009"]);

    const upToken = tokenIn(net.lan, "client", `http://127.0.0.1:${upPort}`, "bridge");
    const bridge = gateway("gw", dataDir(SELF), ["--radio", "lrs", "--radio-token", upToken, "--no-mdns"]);
    const online = await bridge.log.waitFor((l) => l.msg === "radio online", 40_000, "the bridge's radio online");
    expect(online.url).toBe(`lrs+http://${net.lan.ip.client}:${upPort}`);
    expect(upName).toMatch(/^Table Tracker [0-9A-F]{12}$/);
    expect(bridge.child.exitCode).toBeNull();
  }, 120_000);
});
