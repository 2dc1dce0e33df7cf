import path from "node:path";
import { describe, expect, it } from "vitest";
import { fetchIn as fetchInLan, LineReader, lanPerTest, netnsAvailable, type Side, tokenIn } from "../helpers/netns.js";
import { ROOT } from "../helpers/spawn.js";

const CLI = path.join(ROOT, "bin/opentt.js");
const mustRun = Boolean(process.env.CI);
type LogLine = { msg?: string; url?: string };

describe.skipIf(!netnsAvailable() && !mustRun)("bridge mode on a private LAN", () => {
  const net = lanPerTest("opentt-bridge-ns-");

  async function gateway(side: Side, args: string[]) {
    const data = net.tempDir();
    const child = net.lan.spawn(side, "node", [CLI, "gateway", "--port", "0", "--data", data, ...args], { cwd: ROOT });
    const log = new LineReader<LogLine>(child.stdout!);
    const serving = await log.waitFor((l) => l.msg?.startsWith("opentt gateway serving") ?? false, 40_000, "serving");
    return { log, base: `http://127.0.0.1:${new URL(serving.url!).port}` };
  }

  const fetchIn = (side: Side, url: string, init: Parameters<typeof fetchInLan>[3] = {}) =>
    fetchInLan(net.lan, side, url, init);
  const tokenOf = (side: Side, base: string, name: string) => tokenIn(net.lan, side, base, name);

  it("finds the upstream by Bonjour, and again after DHCP renumbers it", async () => {
    const up = await gateway("gw", ["--sim"]);
    await up.log.waitFor((l) => l.msg === "advertising over mDNS", 40_000, "upstream advertising");
    const upToken = tokenOf("gw", up.base, "bridge");
    const bridge = await gateway("client", ["--radio", "lrs", "--radio-token", upToken, "--no-mdns"]);
    const online = await bridge.log.waitFor((l) => l.msg === "radio online", 40_000, "radio online");
    expect(online.url).toBe(`lrs+http://${net.lan.ip.gw}:${new URL(up.base).port}`);
    const token = tokenOf("client", bridge.base, "test");

    fetchIn("gw", `${up.base}/sim/trackers/5/start`, { method: "POST" });
    const seen = async (name: string) => {
      for (let i = 0; i < 200; i++) {
        const r = fetchIn("client", `${bridge.base}/api/v2/activeorders/${name}`, { token });
        if (r.returnCode === 6) return true;
        await new Promise((res) => setTimeout(res, 250));
      }
      return false;
    };
    expect(await seen("5")).toBe(true);

    const newIp = net.lan.ip.gw.replace(/\.1$/, ".9");
    net.lan.renumber("gw", newIp);
    const back = await bridge.log.waitFor(
      (l) => l.msg === "radio online" && (l.url ?? "").includes(newIp),
      90_000,
      "online at the new address",
    );
    expect(back.url).toBe(`lrs+http://${newIp}:${new URL(up.base).port}`);
    fetchIn("gw", `${up.base}/sim/trackers/6/start`, { method: "POST" });
    expect(await seen("6")).toBe(true);
  }, 180_000);
});
