// `opentt install-service` (issue 20.1): the systemd unit runs bin/opentt.js with its own Node
// flags as an unprivileged user, restarts on failure, is hardened, and passes
// `systemd-analyze verify` (Debian package systemd; CI installs it).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN_FILE, nodeFlagsOf } from "../../src/ops/node-flags.js";
import { start } from "../cli/run.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs("opentt-service-");
const hasAnalyze = spawnSync("systemd-analyze", ["--version"]).status === 0;

async function printed(args: string[] = []): Promise<string> {
  const run = start(["install-service", "--print", ...args]);
  expect(await run.code).toBe(0);
  return run.out();
}

const line = (unit: string, key: string) =>
  unit
    .split("\n")
    .find((l) => l.startsWith(`${key}=`))
    ?.slice(key.length + 1);

describe("opentt install-service", () => {
  it("prints a unit with the gateway's Node flags, its own user, restart on failure and hardening", async () => {
    const unit = await printed(["--", "--backup-dir", "/var/lib/opentt/backups"]);
    expect(nodeFlagsOf().length).toBeGreaterThan(0);
    expect(line(unit, "ExecStart")).toBe(
      [
        process.execPath,
        ...nodeFlagsOf(),
        BIN_FILE,
        "gateway",
        "--data",
        "/var/lib/opentt",
        "--port",
        "8000",
        "--backup-dir",
        "/var/lib/opentt/backups",
      ].join(" "),
    );
    expect(line(unit, "User")).toBe("opentt");
    expect(line(unit, "Restart")).toBe("on-failure");
    expect(line(unit, "NoNewPrivileges")).toBe("true");
    expect(line(unit, "ProtectSystem")).toBe("strict");
    expect(line(unit, "ReadWritePaths")).toBe("/var/lib/opentt /var/lib/opentt/backups");
    expect(line(await printed(), "ReadWritePaths")).toBe("/var/lib/opentt");
    expect(line(unit, "CapabilityBoundingSet")).toBe("");
    expect(line(unit, "AmbientCapabilities")).toBeUndefined();
    // Port 80 needs the one capability, and only then.
    expect(line(await printed(["--port", "80"]), "AmbientCapabilities")).toBe("CAP_NET_BIND_SERVICE");
  });

  it.skipIf(!hasAnalyze && !process.env.CI)(
    "writes a unit that systemd-analyze verify accepts without a word",
    async () => {
      const dir = tempDir();
      const run = start(["install-service", "--unit-dir", dir, "--no-create-user", "--data", "/var/lib/opentt"]);
      expect(await run.code).toBe(0);
      expect(run.out()).toMatch(/sudo systemctl enable --now opentt/);
      const file = path.join(dir, "opentt.service");
      const r = spawnSync("systemd-analyze", ["verify", file], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      // The check bites: a unit with a mistake is not accepted silently.
      writeFileSync(file, readFileSync(file, "utf8").replace("Restart=on-failure", "Restart=sometimes"));
      expect(spawnSync("systemd-analyze", ["verify", file], { encoding: "utf8" }).stderr).toMatch(/restart specifier/);
    },
  );

  it("refuses a relative data folder, and says to use sudo when it cannot write the unit", async () => {
    const rel = start(["install-service", "--print", "--data", "data"]);
    expect(await rel.code).toBe(2);
    expect(rel.err()).toMatch(/data must be an absolute path/);
    const file = path.join(tempDir(), "f");
    writeFileSync(file, "");
    const denied = start(["install-service", "--unit-dir", path.join(file, "x"), "--no-create-user"]);
    expect(await denied.code).toBe(1);
    expect(denied.err()).toMatch(/run it with sudo, or --print/);
    expect(existsSync(path.join(file, "x"))).toBe(false);
  });
});
