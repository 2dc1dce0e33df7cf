// Discovery end to end on a private LAN of network namespaces (never the machine's interfaces):
// the built gateway advertises, `opentt discover` / python-zeroconf / avahi-browse find it, and a
// watcher sees it appear, change address and leave. Runs the compiled CLI: `npm test` builds first.
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type DiscoveredGateway, GATEWAY_SERVICE_TYPE } from "../../src/sdk/discovery.js";
import { instanceLabel } from "../../src/sdk/mdns-cache.js";
import { LineReader, lanPerTest, type Side, skipWithoutNetns, startGatewayIn } from "../helpers/netns.js";
import { BIN as CLI, ROOT as REPO } from "../helpers/spawn.js";
import { startAvahi } from "./avahi.js";

const PYTHON = "/usr/bin/python3";
// CI must run these; elsewhere they need root (see DEVELOPERS.md) and are skipped without it.
const mustRun = Boolean(process.env.CI);
const hasZeroconf = (() => {
  try {
    execFileSync(PYTHON, ["-c", "import zeroconf"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const hasAvahi = existsSync("/usr/sbin/avahi-daemon") && existsSync("/usr/bin/avahi-browse");

type WatchLine = { event: "up" | "change" | "down"; gateway: DiscoveredGateway };

describe.skipIf(skipWithoutNetns)("mDNS discovery on a private LAN", () => {
  const net = lanPerTest("opentt-mdns-");
  const tempDir = () => net.tempDir();
  const startGateway = (args: string[] = [], dataDir = tempDir()) =>
    startGatewayIn(net.lan, "gw", dataDir, ["--sim", ...args]);

  function watch(): LineReader<WatchLine> {
    const child = net.lan.spawn("client", "node", [CLI, "discover", "--watch", "--json"], { cwd: REPO });
    return new LineReader<WatchLine>(child.stdout!);
  }

  async function discoverOnce(
    timeoutS = 3,
    side: Side = "client",
    args: string[] = [],
  ): Promise<{ code: number; gateways: DiscoveredGateway[]; stderr: string }> {
    const child = net.lan.spawn(side, "node", [CLI, "discover", "--json", "--timeout", String(timeoutS), ...args], {
      cwd: REPO,
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const [code] = await once(child, "exit");
    return { code, gateways: JSON.parse(stdout || "null"), stderr };
  }

  it("advertise → `opentt discover` finds it with its real port, name and TXT, at a URL that answers", async () => {
    const gw = await startGateway();
    const { code, gateways } = await discoverOnce();
    expect(code).toBe(0);
    expect(gateways).toHaveLength(1);
    const g = gateways[0]!;
    expect(g.port).toBe(gw.port);
    expect(g.name).toBe(gw.name);
    expect(g.name).toMatch(/^Table Tracker [0-9A-F]{12}$/);
    expect(g.txt).toMatchObject({ api: "v2", serial: g.serial });
    expect(g.txt.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(g.addresses).toEqual([net.lan.ip.gw]);
    expect(g.url).toBe(`http://${net.lan.ip.gw}:${gw.port}/`);
    // The discovered URL reaches this very gateway: its API names the same serial.
    const info = JSON.parse(
      net.lan.run("client", "node", [
        "-e",
        `fetch(${JSON.stringify(new URL("/api/v2", g.url).href)}).then(r => r.text()).then(t => process.stdout.write(t))`,
      ]),
    );
    expect(info.gateway.serial).toBe(g.serial);
    expect(g.name).toBe(`Table Tracker ${g.serial}`);
  }, 90_000);

  it("a watcher sees the gateway appear, notices its new address, and sees it leave on stop", async () => {
    const events = watch();
    const gw = await startGateway();
    const up = await events.waitFor((l) => l.event === "up", 15_000, "up");
    expect(up.gateway).toMatchObject({ name: gw.name, port: gw.port, addresses: [net.lan.ip.gw] });

    const oldIp = net.lan.ip.gw;
    const newIp = oldIp.replace(/\.1$/, ".9");
    net.lan.renumber("gw", newIp);
    // ciao polls the interfaces every 15 s, then re-probes and re-announces.
    const change = await events.waitFor(
      (l) => l.event === "change" && l.gateway.addresses.includes(newIp),
      45_000,
      `change to ${newIp}`,
    );
    expect(change.gateway.addresses).not.toContain(oldIp);
    expect(change.gateway.url).toBe(`http://${newIp}:${gw.port}/`);

    gw.child.kill("SIGTERM");
    const down = await events.waitFor((l) => l.event === "down", 15_000, "down (goodbye)");
    expect(down.gateway.name).toBe(gw.name);
    const [code] = await once(gw.child, "exit");
    expect(code).toBe(0);
  }, 120_000);

  it("--no-mdns advertises nothing, and discover says what to check and how to connect by address", async () => {
    await startGateway(["--no-mdns"]);
    const { code, gateways, stderr } = await discoverOnce(2);
    expect(gateways).toEqual([]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/No gateway answered within 2 s/);
    expect(stderr).toMatch(/multicast/);
    expect(stderr).toMatch(/VLAN/);
    expect(stderr).toMatch(/--no-mdns/);
    expect(stderr).toMatch(/http:\/\/<ip>:8000/);
  }, 90_000);

  it("multi-homed: each network hears the address of its own link", async () => {
    const gw = await startGateway();
    const [client, other] = await Promise.all([discoverOnce(3, "client"), discoverOnce(3, "other")]);
    expect(client.gateways.map((g) => [g.addresses, g.port])).toEqual([[[net.lan.ip.gw], gw.port]]);
    expect(other.gateways.map((g) => [g.addresses, g.port])).toEqual([[[net.lan.ip.gw2], gw.port]]);
  }, 90_000);

  it("--advertise-ip announces only that address, and only on its network", async () => {
    await startGateway(["--advertise-ip", net.lan.ip.gw2]);
    const [client, other] = await Promise.all([discoverOnce(3, "client"), discoverOnce(3, "other")]);
    expect(other.gateways.map((g) => g.addresses)).toEqual([[net.lan.ip.gw2]]);
    expect(client.gateways).toEqual([]);
  }, 90_000);

  it("--interface announces only on that interface", async () => {
    await startGateway(["--interface", net.lan.dev.gw]);
    const [client, other] = await Promise.all([discoverOnce(3, "client"), discoverOnce(3, "other")]);
    expect(client.gateways.map((g) => g.addresses)).toEqual([[net.lan.ip.gw]]);
    expect(other.gateways).toEqual([]);
  }, 90_000);

  it("a client that names its interface (SDK `interface`, `discover --interface`) hears the answers", async () => {
    const gw = await startGateway();
    // By name and by address: either way the socket joins the group on that interface and must
    // still receive what is sent to the group (not only to the interface's own address).
    for (const iface of [net.lan.dev.client, net.lan.ip.client]) {
      const { code, gateways } = await discoverOnce(3, "client", ["--interface", iface]);
      expect(code).toBe(0);
      expect(gateways.map((g) => [g.addresses, g.port])).toEqual([[[net.lan.ip.gw], gw.port]]);
    }
  }, 90_000);

  it("two gateways with the same name: the second probes, finds the conflict and renames itself", async () => {
    const data = tempDir();
    const first = await startGateway([], data);
    // A second gateway in the client namespace with a copy of the first one's data: same serial.
    const copy = tempDir();
    execFileSync("cp", ["-a", `${data}/.`, copy]);
    const second = await startGatewayIn(net.lan, "client", copy, ["--sim"]);
    expect(second.name).not.toBe(first.name);
    expect(second.name).toMatch(new RegExp(`^${first.name} \\(\\d+\\)$`));
  }, 90_000);

  it.skipIf(!hasZeroconf && !mustRun)(
    "python-zeroconf finds the opentt gateway with the right port and TXT",
    async () => {
      const gw = await startGateway();
      const out = net.lan.run("client", PYTHON, [
        path.join(REPO, "test/discovery/zeroconf-browse.py"),
        "--timeout",
        "10",
      ]);
      const found = out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        name: `${gw.name}._tracker-http._tcp.local.`,
        resolved: true,
        port: gw.port,
        addresses: [net.lan.ip.gw],
        txt: { api: "v2", serial: gw.name.replace("Table Tracker ", "") },
      });
    },
    60_000,
  );

  it.skipIf(!hasZeroconf && !mustRun)(
    "opentt's discovery finds a service advertised by python-zeroconf",
    async () => {
      const py = net.lan.spawn("gw", PYTHON, [
        path.join(REPO, "test/discovery/zeroconf-advertise.py"),
        "--name",
        "Table Tracker PYZC00000001",
        "--port",
        "8123",
        "--address",
        net.lan.ip.gw,
        "--serial",
        "PYZC00000001",
      ]);
      await new LineReader(py.stdout!).waitFor((l) => l === "ready", 20_000, "python-zeroconf ready");
      const { gateways } = await discoverOnce();
      expect(gateways).toEqual([
        expect.objectContaining({
          name: "Table Tracker PYZC00000001",
          serial: "PYZC00000001",
          port: 8123,
          addresses: [net.lan.ip.gw],
          url: `http://${net.lan.ip.gw}:8123/`,
        }),
      ]);
      py.stdin!.end();
      await once(py, "exit");
    },
    60_000,
  );

  it.skipIf(!hasAvahi && !mustRun)(
    "Avahi's avahi-browse resolves the opentt gateway",
    async () => {
      const gw = await startGateway();
      const avahi = await startAvahi(net.lan, "client");
      try {
        // --parsable: =;iface;IPv4;name;type;domain;host;address;port;"txt"...
        const f = (await avahi.resolve("_tracker-http._tcp", 20_000)).split(";");
        // avahi-browse escapes the instance name the DNS way: "Table\\032Tracker\\032…".
        expect(instanceLabel(f[3] ?? "", GATEWAY_SERVICE_TYPE)).toBe(gw.name);
        expect(f[7]).toBe(net.lan.ip.gw);
        expect(Number(f[8])).toBe(gw.port);
        expect(f[9]).toContain('"api=v2"');
      } finally {
        await avahi.stop();
      }
    },
    60_000,
  );
});
