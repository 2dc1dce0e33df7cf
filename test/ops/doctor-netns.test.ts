// `opentt doctor` on a private LAN of network namespaces (issue 20.5): the box ("gw") has two
// interfaces; a second gateway on one side ("client") is the other device that answers
// multicast, the other side ("other") is silent. The doctor runs in gw next to the gateway.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../src/ops/doctor/check.js";
import { LineReader, lanPerTest, type Side, skipWithoutNetns, startGatewayIn } from "../helpers/netns.js";
import { BIN as CLI, ROOT } from "../helpers/spawn.js";

describe.skipIf(skipWithoutNetns)("opentt doctor on a private LAN", () => {
  const net = lanPerTest("opentt-doctor-");
  const tempDir = () => net.tempDir();

  async function gateway(side: Side, dataDir: string, args: string[] = []): Promise<number> {
    return (await startGatewayIn(net.lan, side, dataDir, ["--sim", ...args])).port;
  }

  async function doctor(dataDir: string, env: string[] = [], extra: string[] = []) {
    // A wide answer window: on a loaded machine the responders answer late, not never.
    const args = ["doctor", "--data", dataDir, "--json", "--timeout", "5", ...extra];
    const child = net.lan.spawn("gw", "env", [...env, "node", CLI, ...args], {
      cwd: ROOT,
    });
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
    });
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    const report = JSON.parse(out) as { healthy: boolean; checks: CheckResult[] };
    return { code, report, byId: new Map(report.checks.map((c) => [c.id, c])) };
  }

  it("passes a healthy box, tells a silent network apart, and fails on a readable token file", async () => {
    await gateway("client", tempDir());
    const data = tempDir();
    const port = await gateway("gw", data);
    const tokens = path.join(tempDir(), "tokens.json");
    writeFileSync(tokens, "{}", { mode: 0o600 });

    const healthy = await doctor(data, [`OPENTT_TOKEN_FILE=${tokens}`]);
    const { byId } = healthy;
    expect(healthy.code).toBe(0);
    expect(healthy.report.healthy).toBe(true);
    expect(byId.get("gateway")?.status).toBe("pass");
    for (const end of ["gw", "gw2"] as const) {
      const dev = net.lan.dev[end];
      expect(byId.get(`reachable:${dev}`)).toMatchObject({
        status: "pass",
        detail: expect.stringContaining(`${net.lan.ip[end]}:${port}`),
      });
      expect(byId.get(`mdns:${dev}`)?.status).toBe("pass");
    }
    expect(byId.get(`multicast:${net.lan.dev.gw}`)?.status).toBe("pass");
    expect(byId.get(`multicast:${net.lan.dev.gw2}`)).toMatchObject({
      status: "warn",
      fix: expect.stringMatching(/drops multicast/),
    });
    expect(byId.get("radio")?.status).toBe("pass");

    writeFileSync(tokens, "{}", { mode: 0o644 });
    net.lan.run("gw", "chmod", ["644", tokens]);
    const leaky = await doctor(data, [`OPENTT_TOKEN_FILE=${tokens}`]);
    expect(leaky.code).toBe(1);
    expect(leaky.byId.get("token-file")).toMatchObject({ status: "fail", fix: expect.stringMatching(/^chmod 600/) });
  });

  it("fails a gateway that serves one interface only and does not advertise", async () => {
    const data = tempDir();
    await gateway("gw", data, ["--host", net.lan.ip.gw, "--no-mdns"]);
    const { code, byId } = await doctor(data);
    expect(code).toBe(1);
    expect(byId.get(`reachable:${net.lan.dev.gw}`)?.status).toBe("pass");
    expect(byId.get(`reachable:${net.lan.dev.gw2}`)).toMatchObject({
      status: "fail",
      fix: expect.stringMatching(/--host 0\.0\.0\.0/),
    });
    expect(byId.get(`mdns:${net.lan.dev.gw}`)).toMatchObject({
      status: "fail",
      fix: expect.stringMatching(/without --no-mdns/),
    });
  });

  it("fails a stopped gateway whose port another program holds", async () => {
    const squatter = net.lan.spawn("gw", "node", [
      "-e",
      "require('net').createServer().listen(8123,()=>console.log('up'))",
    ]);
    await new LineReader<string>(squatter.stdout!).waitFor((l) => l === "up", 10_000, "the squatter");
    const { code, byId } = await doctor(tempDir(), [], ["--port", "8123"]);
    expect(code).toBe(1);
    expect(byId.get("gateway")).toMatchObject({ status: "fail", fix: expect.stringMatching(/systemctl start opentt/) });
    expect(byId.get("port")).toMatchObject({ status: "fail", fix: expect.stringMatching(/ss -ltnp/) });
  });
});
