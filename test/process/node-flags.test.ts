// The gateway's Node flags live on bin/opentt.js's shebang (what `opentt` runs with, and what the
// benchmarks read); `npm start` cannot use the shebang portably, so it repeats them: keep the two
// equal, and make sure the shebang really hands them to Node. The flags are read the way the
// benchmarks read them (bench/lib/paths.ts), so that reading is checked too.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { gatewayNodeFlags } from "../../bench/lib/paths.js";

const root = path.resolve(import.meta.dirname, "../..");
const bin = path.join(root, "bin", "opentt.js");

describe("the gateway's Node flags", () => {
  it("npm start passes exactly the shebang's flags", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } };
    const m = /^node((?: --[\w-]+=\S+)*) bin\/opentt\.js gateway\b/.exec(pkg.scripts.start);
    expect(m, `start script: ${pkg.scripts.start}`).not.toBeNull();
    expect((m?.[1] ?? "").trim().split(/\s+/).filter(Boolean)).toEqual(gatewayNodeFlags());
    expect(gatewayNodeFlags()).toEqual(["--min-semi-space-size=16", "--max-semi-space-size=16"]);
  });

  it("running bin/opentt.js directly gives Node those flags", async () => {
    const data = mkdtempSync(path.join(tmpdir(), "opentt-flags-"));
    const proc = spawn(bin, ["gateway", "--host", "127.0.0.1", "--port", "0", "--no-mdns", "--data", data], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      // Its first log line means env has exec'd Node, same pid: its command line is Node's.
      const [line] = (await once(createInterface({ input: proc.stdout }), "line")) as [string];
      expect(line).toContain("opentt");
      const argv = readFileSync(`/proc/${proc.pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      expect(path.basename(argv[0] ?? "")).toMatch(/^node/);
      expect(argv.slice(1, 1 + gatewayNodeFlags().length)).toEqual(gatewayNodeFlags());
    } finally {
      const exited = once(proc, "exit");
      proc.kill("SIGTERM");
      await exited;
      rmSync(data, { recursive: true, force: true });
    }
  });
});
