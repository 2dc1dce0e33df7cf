// A private LAN for mDNS tests, in network namespaces so multicast never touches the machine's own
// interfaces: a multi-homed "gw" namespace with one link to "client" and another to "other".
// Needs root and iproute2; the recipe is in DEVELOPERS.md ("Testing discovery").
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach } from "vitest";
import { BIN, ROOT } from "./spawn.js";

export type Side = "gw" | "client" | "other";
/** An interface end: the gateway has two, `gw` (towards client) and `gw2` (towards other). */
export type End = Side | "gw2";

export interface Lan {
  /** Namespace names. */
  ns: Record<Side, string>;
  /** Interface names, each inside its side's namespace (gw2 is in gw's). */
  dev: Record<End, string>;
  /** Current IPv4 address of each interface end. */
  ip: Record<End, string>;
  /** Starts a process inside a namespace; every one started here is killed by destroy(). */
  spawn(side: Side, cmd: string, args: string[], opts?: { cwd?: string }): ChildProcess;
  /** Runs a command inside a namespace to completion; throws with its stderr when it fails. */
  run(side: Side, cmd: string, args: string[]): string;
  /** Gives an interface a new address and removes the old one, as a DHCP renumbering would. */
  renumber(end: End, newIp: string): void;
  destroy(): Promise<void>;
}

/** Root and a working `ip netns`: what the discovery tests need. */
export function netnsAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Skip a namespace suite: without root (see DEVELOPERS.md), except under CI, where it must run. */
export const skipWithoutNetns = !netnsAvailable() && !process.env.CI;

let counter = 0;

const sideOf = (end: End): Side => (end === "gw2" ? "gw" : end);

/**
 * Builds the LAN: gw 10.<n>.0.1 ↔ client 10.<n>.0.2 and gw2 10.<n+1>.0.1 ↔ other 10.<n+1>.0.2;
 * IPv4 only, multicast routed onto each veth.
 */
export function createLan(): Lan {
  const id = `${process.pid % 100000}x${++counter}`;
  const ns: Record<Side, string> = { gw: `ott-${id}-gw`, client: `ott-${id}-cl`, other: `ott-${id}-ot` };
  const dev: Record<End, string> = { gw: `og${id}`, gw2: `oh${id}`, client: `oc${id}`, other: `oo${id}` };
  const net = 100 + 2 * ((process.pid + counter) % 70);
  const ip: Record<End, string> = {
    gw: `10.${net}.0.1`,
    client: `10.${net}.0.2`,
    gw2: `10.${net + 1}.0.1`,
    other: `10.${net + 1}.0.2`,
  };
  const children = new Set<ChildProcess>();
  const sh = (args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "pipe", "pipe"] }).toString();

  const lan: Lan = {
    ns,
    dev,
    ip,
    spawn(side, cmd, args, opts = {}) {
      const child = spawn("ip", ["netns", "exec", ns[side], cmd, ...args], {
        cwd: opts.cwd,
        stdio: ["pipe", "pipe", "pipe"],
      });
      children.add(child);
      child.once("exit", () => children.delete(child));
      return child;
    },
    run(side, cmd, args) {
      return execFileSync("ip", ["netns", "exec", ns[side], cmd, ...args], {
        stdio: ["ignore", "pipe", "pipe"],
      }).toString();
    },
    renumber(end, newIp) {
      const n = ns[sideOf(end)];
      sh(["-n", n, "addr", "add", `${newIp}/24`, "dev", dev[end]]);
      sh(["-n", n, "addr", "del", `${ip[end]}/24`, "dev", dev[end]]);
      ip[end] = newIp;
    },
    async destroy() {
      await Promise.all(
        [...children].map(async (c) => {
          if (c.exitCode !== null || c.signalCode !== null) return;
          c.kill("SIGKILL");
          await once(c, "exit");
        }),
      );
      for (const n of Object.values(ns)) {
        try {
          sh(["netns", "del", n]);
        } catch {
          // already gone
        }
      }
    },
  };

  try {
    for (const side of ["gw", "client", "other"] as const) {
      sh(["netns", "add", ns[side]]);
      sh(["-n", ns[side], "link", "set", "lo", "up"]);
      // IPv4 only keeps the address sets the tests compare exact; promote_secondaries lets
      // renumber() remove the old address without taking the new one with it.
      lan.run(side, "sysctl", [
        "-qw",
        "net.ipv6.conf.all.disable_ipv6=1",
        "net.ipv6.conf.default.disable_ipv6=1",
        "net.ipv4.conf.all.promote_secondaries=1",
        "net.ipv4.conf.default.promote_secondaries=1",
      ]);
    }
    for (const [a, b] of [
      ["gw", "client"],
      ["gw2", "other"],
    ] as const) {
      sh(["link", "add", dev[a], "netns", ns[sideOf(a)], "type", "veth", "peer", "name", dev[b], "netns", ns[b]]);
      for (const end of [a, b]) {
        const n = ns[sideOf(end)];
        sh(["-n", n, "addr", "add", `${ip[end]}/24`, "dev", dev[end]]);
        sh(["-n", n, "link", "set", dev[end], "up"]);
        sh(["-n", n, "route", "add", "224.0.0.0/4", "dev", dev[end], "metric", end === "gw2" ? "200" : "100"]);
      }
    }
  } catch (e) {
    void lan.destroy();
    throw e;
  }
  return lan;
}

/** Lines of a child's stdout, parsed as JSON where they are JSON, awaited with a timeout. */
export class LineReader<T = unknown> {
  readonly lines: T[] = [];
  readonly #waiters = new Set<() => void>();

  constructor(stream: NodeJS.ReadableStream) {
    createInterface({ input: stream }).on("line", (line) => {
      let value: unknown = line;
      try {
        value = JSON.parse(line);
      } catch {
        // not JSON: keep the text
      }
      this.lines.push(value as T);
      for (const w of this.#waiters) w();
    });
  }

  /** Resolves with the first line (already read or still to come) that matches. */
  waitFor(match: (line: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.lines.find(match);
        if (hit === undefined) return false;
        cleanup();
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; saw:\n${this.lines.map((l) => JSON.stringify(l)).join("\n")}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(onLine);
      };
      const onLine = () => void check();
      if (!check()) this.#waiters.add(onLine);
    });
  }
}

/** A fetch run inside a namespace (its own loopback and links): the parsed JSON body. */
export function fetchIn(
  lan: Lan,
  side: Side,
  url: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Record<string, unknown> {
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

/** A token from the gateway at `base` in a namespace: its button pressed, then one generated. */
export function tokenIn(lan: Lan, side: Side, base: string, name: string): string {
  fetchIn(lan, side, `${base}/admin/button`, { method: "POST" });
  return (fetchIn(lan, side, `${base}/api/v2/accesstoken/generate?name=${name}`).token as { token: string }).token;
}

/**
 * For a describe block of built-CLI tests on a LAN: a fresh LAN for each test, and temporary
 * folders (named `prefix…`) removed with it.
 */
export function lanPerTest(prefix: string): { readonly lan: Lan; tempDir(): string } {
  let current: Lan | undefined;
  const dirs: string[] = [];
  beforeEach(() => {
    if (!existsSync(path.join(ROOT, "dist/cli/main.js"))) throw new Error("build first: npm run build");
    current = createLan();
  });
  afterEach(async () => {
    await current?.destroy();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    get lan() {
      if (!current) throw new Error("the LAN exists only inside a test");
      return current;
    },
    tempDir() {
      const d = mkdtempSync(path.join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
  };
}

export type GatewayLogLine = { msg?: string; url?: string; port?: number; instance?: string };

export interface NsGateway {
  child: ChildProcess;
  log: LineReader<GatewayLogLine>;
  /** The port it serves on, and its loopback base URL inside its namespace. */
  port: number;
  base: string;
  /** Its mDNS instance name ("" with --no-mdns). */
  name: string;
}

/**
 * `opentt gateway --port 0 --data <dataDir> …args` inside a namespace of the LAN; resolves once it
 * serves and, unless args say --no-mdns, advertises.
 */
export async function startGatewayIn(lan: Lan, side: Side, dataDir: string, args: string[] = []): Promise<NsGateway> {
  const child = lan.spawn(side, "node", [BIN, "gateway", "--port", "0", "--data", dataDir, ...args], { cwd: ROOT });
  const log = new LineReader<GatewayLogLine>(child.stdout!);
  const serving = await log.waitFor((l) => l.msg?.startsWith("opentt gateway serving") ?? false, 40_000, "serving");
  const port = Number(new URL(serving.url!).port);
  const adv = args.includes("--no-mdns")
    ? undefined
    : await log.waitFor((l) => l.msg === "advertising over mDNS", 40_000, "advertising");
  return { child, log, port, base: `http://127.0.0.1:${port}`, name: adv?.instance ?? "" };
}
