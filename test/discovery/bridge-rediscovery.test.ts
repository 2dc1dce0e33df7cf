import { describe, expect, it } from "vitest";
import {
  fetchIn as fetchInLan,
  lanPerTest,
  type Side,
  skipWithoutNetns,
  startGatewayIn,
  tokenIn,
} from "../helpers/netns.js";

describe.skipIf(skipWithoutNetns)("bridge mode on a private LAN", () => {
  const net = lanPerTest("opentt-bridge-ns-");
  const gateway = (side: Side, args: string[]) => startGatewayIn(net.lan, side, net.tempDir(), args);

  const fetchIn = (side: Side, url: string, init: Parameters<typeof fetchInLan>[3] = {}) =>
    fetchInLan(net.lan, side, url, init);
  const tokenOf = (side: Side, base: string, name: string) => tokenIn(net.lan, side, base, name);

  it("finds the upstream by Bonjour, and again after DHCP renumbers it", async () => {
    const up = await gateway("gw", ["--sim"]); // resolves once the upstream advertises
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
