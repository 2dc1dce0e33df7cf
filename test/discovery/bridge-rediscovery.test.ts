// Bridge mode and DHCP (issue 17 point 4): `--radio lrs` finds the vendor gateway by Bonjour on
// a private LAN of network namespaces, and when the upstream is renumbered it is found again at
// its new address and orders flow as before. The upstream is an opentt gateway with --sim (it
// advertises `_tracker-http._tcp` like a vendor gateway). Needs root and a build (DEVELOPERS.md).
import { describe, expect, it } from "vitest";
import { type Lan, type Side, skipWithoutNetns, startGatewayIn, useLan } from "../helpers/netns.js";

describe.skipIf(skipWithoutNetns)("bridge mode on a private LAN", () => {
  let lan: Lan;
  const { tempDir } = useLan("opentt-bridge-ns-", (l) => {
    lan = l;
  });
  const gateway = (side: Side, args: string[]) => startGatewayIn(lan, side, tempDir(), args);

  /** A fetch run inside a namespace (loopback there): returns the parsed JSON body. */
  function fetchIn(side: Side, url: string, init: { method?: string; token?: string; body?: unknown } = {}) {
    const js = `fetch(${JSON.stringify(url)}, ${JSON.stringify({
      method: init.method ?? "GET",
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body ? { "content-type": "application/json" } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    })}).then(r => r.text()).then(t => process.stdout.write(t))`;
    return JSON.parse(lan.run(side, "node", ["-e", js])) as Record<string, unknown>;
  }

  function tokenOf(side: Side, base: string, name: string): string {
    fetchIn(side, `${base}/admin/button`, { method: "POST" });
    return (fetchIn(side, `${base}/api/v2/accesstoken/generate?name=${name}`).token as { token: string }).token;
  }

  it("finds the upstream by Bonjour, and again after DHCP renumbers it", async () => {
    const up = await gateway("gw", ["--sim"]); // resolves once the upstream advertises
    const upToken = tokenOf("gw", up.base, "bridge");
    const bridge = await gateway("client", ["--radio", "lrs", "--radio-token", upToken, "--no-mdns"]);
    const online = await bridge.log.waitFor((l) => l.msg === "radio online", 40_000, "radio online");
    expect(online.url).toBe(`lrs+http://${lan.ip.gw}:${new URL(up.base).port}`);
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

    const newIp = lan.ip.gw.replace(/\.1$/, ".9");
    lan.renumber("gw", newIp);
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
