// Logs (issue 20.6): JSON lines by default, `--log-format pretty` for a person at a terminal, and
// every warning or error the code logs says what to do next.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/gateway.js";
import { assertBuilt, BIN, ROOT } from "../helpers/spawn.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs("opentt-logs-");

describe("--log-format pretty", () => {
  it("prints readable lines, warnings included, and no JSON", async () => {
    assertBuilt();
    const args = [
      "gateway",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--no-mdns",
      "--data",
      tempDir(),
      "--log-format",
      "pretty",
    ];
    const proc = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    const lines: string[] = [];
    const waiters = new Set<() => void>();
    createInterface({ input: proc.stdout }).on("line", (l) => {
      lines.push(l);
      for (const w of waiters) w();
    });
    const lineMatching = (re: RegExp) =>
      new Promise<RegExpExecArray>((resolve) => {
        const check = () => {
          for (const l of lines) {
            const m = re.exec(l);
            if (m) {
              waiters.delete(check);
              return resolve(m);
            }
          }
        };
        waiters.add(check);
        check();
      });
    try {
      const serving = await lineMatching(
        /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] INFO: opentt gateway serving (http:\/\/\S+?)\/$/,
      );
      const base = serving[1] as string;
      proc.kill("SIGUSR1");
      await lineMatching(/INFO: button pressed/);
      expect((await call(base, "GET", "/api/v2/accesstoken/generate?name=till")).status).toBe(201);
      await lineMatching(/^\[.*\] WARN: access token minted: revoke it if you do not know it$/);
      expect(lines.filter((l) => l.startsWith("{"))).toEqual([]);
    } finally {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
    }
  });
});

/** Every .ts under src but tests. */
function sources(dir = path.join(ROOT, "src")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

describe("problem log lines", () => {
  it("each say what to do next", () => {
    // A warning or error with a literal message: `logger.warn({…}, "…")` or `log.error("…")`.
    const call = /\.(?:warn|error|fatal)\(\s*(?:\{[^{}]*\}\s*,\s*)?(["'`])((?:(?!\1)[\s\S])*)\1/g;
    const advice =
      /\b(check|run|use|report|revoke|retry|retries|allow|start|free|stop|give|tell|see|nothing to do|recovers|must|update)\b/i;
    const found: string[] = [];
    const silent: string[] = [];
    for (const file of sources()) {
      for (const m of readFileSync(file, "utf8").matchAll(call)) {
        const msg = m[2] ?? "";
        found.push(msg);
        // What to do comes after the problem: after a colon, a semicolon or a dash.
        const next = msg.split(/[:;—]/).slice(1).join(":");
        if (!advice.test(next)) silent.push(`${path.relative(ROOT, file)}: ${msg}`);
      }
    }
    expect(found.length).toBeGreaterThan(10);
    expect(silent).toEqual([]);
  });
});
