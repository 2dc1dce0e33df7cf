// Issue 14: the README's Quickstart, run literally, as a new user would on a box with a LAN
// address and mDNS on: inside a network namespace (test/helpers/netns.ts) whose interface has a
// 10.x address, so the gateway advertises that address and discovery would find it. The CLI must
// still reach the gateway by loopback (the button and /sim trust only loopback), the unnamed token
// curl must work twice, the log must name the LAN URL, a second start must say which flag picks
// another port, and SIGTERM must log serving → stopping → stopped even during start-up.
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLan, type Lan, LineReader, netnsAvailable, type Side } from "../helpers/netns.js";

const REPO = path.resolve(import.meta.dirname, "../..");
// CI must run these; elsewhere they need root (see DEVELOPERS.md) and are skipped without it.
const mustRun = Boolean(process.env.CI);

type LogLine = { msg?: string; url?: string; urls?: string[] };

/** The Quickstart section: the command that starts the gateway, and the block run "in another terminal". */
function quickstart(): { start: string; steps: string[] } {
  const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
  const from = readme.indexOf("## Quickstart");
  const section = readme.slice(from, readme.indexOf("\n## ", from + 1));
  const block = (text: string) => {
    const lines = text.split("\n");
    const first = lines.findIndex((l) => l.startsWith("    "));
    const end = lines.findIndex((l, i) => i > first && !l.startsWith("    "));
    return lines.slice(first, end).map((l) => l.trim().replace(/\s+#.*$/, ""));
  };
  const [start] = block(section);
  const steps = block(section.slice(section.indexOf("in another terminal:")));
  return { start: start ?? "", steps };
}

describe.skipIf(!netnsAvailable() && !mustRun)("the README Quickstart on a box with a LAN address", () => {
  let lan: Lan;
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(path.join(tmpdir(), "opentt-quick-"));
    dirs.push(d);
    return d;
  };
  let tokenFile: string;

  beforeAll(() => {
    if (!existsSync(path.join(REPO, "dist/cli/main.js"))) throw new Error("build first: npm run build");
    lan = createLan();
    tokenFile = path.join(tmp(), "tokens.json");
  });
  afterAll(async () => {
    await lan?.destroy();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** A shell line as a user types it, in the repository, with a fresh token file and no OPENTT_* of ours. */
  const shellLine = (line: string, env = "") =>
    `unset OPENTT_GATEWAY OPENTT_TOKEN OPENTT_PORT OPENTT_HOST OPENTT_DATA; export OPENTT_TOKEN_FILE='${tokenFile}' ${env}; ${line}`;

  async function sh(side: Side, line: string, env = "") {
    const child = lan.spawn(side, "sh", ["-c", shellLine(line, env)], { cwd: REPO });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const [code] = await once(child, "exit");
    return { code: code as number, stdout, stderr };
  }

  /** Starts a gateway the way `npm start` does (package.json's start script), data in a temp folder. */
  function npmStart(env = "") {
    const script = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).scripts.start as string;
    const child = lan.spawn("gw", "sh", ["-c", shellLine(`exec ${script}`, `OPENTT_DATA='${tmp()}' ${env}`)], {
      cwd: REPO,
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const exited = once(child, "exit").then(([code]) => code as number);
    return { child, log: new LineReader<LogLine>(child.stdout!), stderr: () => stderr, exited };
  }

  const messages = (log: LineReader<LogLine>) =>
    log.lines.map((l) => l.msg ?? "").filter((m) => /^(opentt gateway serving|stopping$|stopped$)/.test(m));

  it("runs as written, by loopback, with mDNS on; then stops with serving → stopping → stopped", async () => {
    const { start, steps } = quickstart();
    expect(start).toBe("npm ci && npm start");
    expect(steps.length).toBeGreaterThanOrEqual(4);

    const gw = npmStart();
    const serving = await gw.log.waitFor(
      (l) => l.msg?.startsWith("opentt gateway serving") ?? false,
      60_000,
      "serving",
    );
    // 14.10: the LAN URL a tablet needs, beside localhost.
    expect(serving.urls).toEqual(["http://localhost:8000/", `http://${lan.ip.gw}:8000/`, `http://${lan.ip.gw2}:8000/`]);
    expect(serving.msg).toContain(`http://${lan.ip.gw}:8000/`);
    await gw.log.waitFor((l) => l.msg === "advertising over mDNS", 40_000, "advertising over mDNS");

    let token = "";
    for (const step of steps) {
      const line = step.replaceAll("<token>", token);
      const r = await sh("gw", line);
      // curl writes its progress meter to stderr; the CLI writes there only what went wrong.
      const stderr = line.startsWith("curl") ? "" : r.stderr;
      expect({ line, code: r.code, stderr }).toEqual({ line, code: 0, stderr: "" });
      if (line.startsWith("curl")) {
        const body = JSON.parse(r.stdout) as { status: number; token?: { name: string; token: string } };
        expect(body.status, line).toBeLessThan(300);
        if (line.includes("/accesstoken/generate")) {
          expect(body.token?.name).toBe("default");
          token = body.token?.token ?? "";
        }
        if (line.endsWith("/api/v2/activeorders")) expect(r.stdout).toContain('"name":"5"');
      }
      if (line.endsWith("opentt.js button")) expect(r.stdout).toMatch(/Button pressed/);
    }
    expect(token).toMatch(/^[0-9a-f]{48}$/);

    // 14.9: the same unnamed curl again enrolls a second device instead of 409.
    const generate = steps.find((s) => s.includes("/accesstoken/generate")) ?? "";
    const again = JSON.parse((await sh("gw", generate)).stdout);
    expect(again).toMatchObject({ status: 201, token: { name: "default-2" } });

    // The sim verbs on the box need no token: loopback.
    const clock = await sh("gw", "node bin/opentt.js sim clock");
    expect(clock).toMatchObject({ code: 0, stderr: "" });
    expect(clock.stdout).toMatch(/Gateway time/);
    // The other box-only commands of 14.1: `sim button` and `token --press` work by loopback too.
    const simButton = await sh("gw", "node bin/opentt.js sim button");
    expect(simButton).toMatchObject({ code: 0, stderr: "" });
    const pressed = await sh("gw", "node bin/opentt.js token --press --no-save --name pressed --timeout 30");
    expect(pressed.code).toBe(0);
    expect(pressed.stdout).toMatch(/[0-9a-f]{48}/);
    // Any command prefers the gateway on this machine to the address mDNS announces.
    const status = await sh("gw", "node bin/opentt.js status --json");
    expect(JSON.parse(status.stdout).url).toBe("http://127.0.0.1:8000");

    // From another machine on the LAN the sim routes and the button want more than an address.
    const remote = `http://${lan.ip.gw}:8000`;
    expect((await sh("client", `node bin/opentt.js sim clock --gateway ${remote}`)).code).toBe(4);
    expect((await sh("client", `node bin/opentt.js sim clock --gateway ${remote} --token ${token}`)).code).toBe(0);
    expect((await sh("client", `node bin/opentt.js button --gateway ${remote}`)).code).toBe(4);

    // 14.8: a second `npm start` says which flag or variable picks another port, without a stack.
    const second = npmStart();
    expect(await second.exited).not.toBe(0);
    expect(second.stderr()).toMatch(/Port 8000 is already in use/);
    expect(second.stderr()).toMatch(/--port/);
    expect(second.stderr()).toMatch(/OPENTT_PORT/);
    expect(second.stderr()).not.toMatch(/^\s+at /m);

    gw.child.kill("SIGTERM");
    expect(await gw.exited).toBe(0);
    expect(messages(gw.log)).toEqual([serving.msg, "stopping", "stopped"]);
  }, 240_000);

  it("SIGTERM during start-up (mDNS still probing) waits for it, then stops: serving → stopping → stopped", async () => {
    const gw = npmStart("OPENTT_PORT=0");
    await gw.log.waitFor((l) => l.msg === "starting", 60_000, "starting");
    gw.child.kill("SIGTERM");
    expect({ code: await gw.exited, stderr: gw.stderr(), log: gw.log.lines }).toMatchObject({ code: 0 });
    const m = messages(gw.log);
    expect(m).toHaveLength(3);
    expect(m[0]).toMatch(/^opentt gateway serving http:\/\/localhost:\d+\//);
    expect(m.slice(1)).toEqual(["stopping", "stopped"]);
  }, 120_000);
});
