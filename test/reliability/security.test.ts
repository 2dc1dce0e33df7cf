// Security (issue 9 §3): tokens are 24 CSPRNG bytes shown once and stored only as a hash; the
// button window is enforced against the gateway clock; every minted token is logged with its
// name and the caller's address and listed; the button refuses non-loopback callers (a real
// 10.213.0.2 in a network namespace) and foreign Origins; no route leaks a token, a stack or a
// path; the dashboard sends its security headers.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mountDashboard } from "../../src/web/serve.js";
import { call, getToken, startTestGateway, type TestGateway, useTestGateway } from "../helpers/gateway.js";
import { type SpawnedGateway, spawnGateway } from "../helpers/spawn.js";
import { CLIENT_ADDR, createTestNetwork, GW_ADDR, type NetRequest, type TestNetwork } from "./netns.js";
import { expectErrorEnvelope, findLeak } from "./support.js";
import { waitUntil } from "../helpers/wait.js";

// Every 24-byte draw from node:crypto, to prove where a token's bytes come from.
const draws = vi.hoisted(() => [] as Buffer[]);
vi.mock("node:crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:crypto")>();
  const randomBytes = ((n: number) => {
    const b = real.randomBytes(n);
    if (n === 24) draws.push(Buffer.from(b));
    return b;
  }) as typeof real.randomBytes;
  return { ...real, default: { ...real, randomBytes }, randomBytes };
});

/** A gateway whose pino log lines are kept for inspection. */
async function loggedGateway(): Promise<{ t: TestGateway; logs: Array<Record<string, unknown>> }> {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n")) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const t = await startTestGateway(
    {},
    { logger: pino({ level: "info" }, sink), extraRoutes: (app) => mountDashboard(app) },
  );
  return { t, logs };
}

describe("tokens", () => {
  let t: TestGateway;
  let logs: Array<Record<string, unknown>>;
  beforeAll(async () => {
    ({ t, logs } = await loggedGateway());
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("are 48 hex characters of 24 bytes drawn from node:crypto, each one different", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const before = draws.length;
      const secret = await getToken(t, `device-${i}`);
      expect(secret).toMatch(/^[0-9a-f]{48}$/);
      expect(draws.length).toBe(before + 1);
      expect(secret).toBe(draws[draws.length - 1]?.toString("hex"));
      seen.add(secret);
    }
    expect(seen.size).toBe(40);
  });

  it("are stored only as a SHA-256 hash: the secret is nowhere in the database files", async () => {
    const secret = await getToken(t, "stored-check");
    const files = ["opentt.db", "opentt.db-wal"].map((f) => {
      try {
        return readFileSync(path.join(t.dataDir, f));
      } catch {
        return Buffer.alloc(0);
      }
    });
    const disk = Buffer.concat(files);
    expect(disk.includes(Buffer.from(secret, "latin1")), "hex secret on disk").toBe(false);
    expect(disk.includes(Buffer.from(secret.toUpperCase(), "latin1")), "hex secret on disk").toBe(false);
    expect(disk.includes(Buffer.from(secret, "hex")), "raw secret bytes on disk").toBe(false);
    // The hash is what is kept (and proves these are the right files).
    expect(disk.includes(createHash("sha256").update(secret).digest())).toBe(true);
    // Nor does the API ever show it again.
    const list = await call(t.base, "GET", "/api/v2/accesstoken", { token: secret });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    for (const item of list.body.items as Array<Record<string, unknown>>) {
      expect(Object.keys(item).sort()).toEqual(["creation_date", "ip_address", "last_used", "name"]);
    }
  });

  it("are refused when one character differs, and after revocation", async () => {
    const secret = await getToken(t, "revoke-me");
    const flipped = secret.slice(0, -1) + (secret.endsWith("0") ? "1" : "0");
    const bad = await call(t.base, "GET", "/api/v2/activeorders", { token: flipped });
    expect(bad.status).toBe(401);
    expect(bad.body.returnCode).toBe(-2);
    expect((await call(t.base, "DELETE", "/api/v2/accesstoken/revoke-me", { token: secret })).status).toBe(200);
    expect((await call(t.base, "GET", "/api/v2/activeorders", { token: secret })).status).toBe(401);
  });

  it("can only be generated inside the 120 s window, measured on the gateway clock", async () => {
    const sim = t.gateway.ctx.sim;
    expect(sim).toBeDefined();
    if (!sim) return;
    sim.clock.advance(3600_000); // any earlier press is long over
    const closed = await call(t.base, "GET", "/api/v2/accesstoken/generate?name=late");
    expect(closed.status).toBe(403);
    expectErrorEnvelope(403, closed.body, "window closed");
    expect(closed.body.returnCode).toBe(-3);
    expect(closed.body.message).toMatch(/button/);

    t.gateway.ctx.pressButton("test");
    sim.clock.advance(119_000);
    expect((await call(t.base, "GET", "/api/v2/accesstoken/generate?name=in-time")).status).toBe(201);
    sim.clock.advance(1_000);
    const expired = await call(t.base, "GET", "/api/v2/accesstoken/generate?name=too-late");
    expect(expired.status).toBe(403);
    expect(expired.body.returnCode).toBe(-3);
  });

  it("are each logged with name and client address, and listed, so staff can spot a stranger's", async () => {
    const holder = await getToken(t, "log-holder");
    const minted = await call(t.base, "POST", "/api/v2/accesstoken", { token: holder, body: { name: "via-token" } });
    expect(minted.status).toBe(201);
    const mintLogs = logs.filter((l) => typeof l.tokenName === "string" && String(l.msg).includes("minted"));
    const list = await call(t.base, "GET", "/api/v2/accesstoken", { token: holder });
    const listed = (list.body.items as Array<{ name: string }>).map((i) => i.name);
    for (const name of listed) {
      const entry = mintLogs.find((l) => l.tokenName === name);
      expect(entry, `mint of ${name} logged`).toBeDefined();
      expect(entry?.ip, `client address of ${name}`).toBe("127.0.0.1");
    }
    expect(mintLogs.find((l) => l.tokenName === "via-token")?.via).toBe("token");
    expect(mintLogs.find((l) => l.tokenName === "log-holder")?.via).toBe("button");
    // And the log itself never holds a secret.
    expect(JSON.stringify(logs)).not.toContain(holder);
  });
});

describe("the admin button on loopback", () => {
  let t: TestGateway;
  useTestGateway(
    (started) => {
      t = started;
    },
    {},
    {},
    { token: false },
  );

  it("accepts a loopback caller without an Origin or with the gateway's own", async () => {
    expect((await call(t.base, "POST", "/admin/button")).status).toBe(200);
    const own = await call(t.base, "POST", "/admin/button", {
      headers: { origin: `http://127.0.0.1:${t.gateway.port}` },
    });
    expect(own.status).toBe(200);
    const named = await call(t.base, "POST", "/admin/button", {
      headers: { origin: `http://localhost:${t.gateway.port}` },
    });
    expect(named.status).toBe(200);
  });

  it("refuses any foreign Origin, as a web page open on the gateway box would send", async () => {
    for (const origin of [
      "http://evil.example",
      "null",
      `http://127.0.0.1:${t.gateway.port + 1}`,
      `https://evil.example:${t.gateway.port}`,
      `http://127.0.0.1.evil.example:${t.gateway.port}`,
      `http://[::ffff:7f00:1]:${t.gateway.port}x`,
    ]) {
      for (const route of ["/admin/button", "/sim/button"]) {
        const r = await call(t.base, "POST", route, { headers: { origin } });
        expect(r.status, `${route} with Origin ${origin}`).toBe(403);
        expectErrorEnvelope(403, r.body, origin);
        expect(r.body.returnCode).toBe(-5);
      }
    }
  });
});

describe("leaks", () => {
  it("no route shows a token, a stack trace or a file path, even on an internal error", async () => {
    const { t, logs } = await loggedGateway();
    try {
      const token = await getToken(t, "leak-check");
      const routes: Array<[string, string, unknown?]> = [
        ["GET", "/api/v2"],
        ["GET", "/api/v2/accesstoken"],
        ["GET", "/api/v2/activeorders"],
        ["POST", "/api/v2/activeorders", { name: "5", orderType: "TO_GO" }],
        ["GET", "/api/v2/activeorders/5"],
        ["POST", "/api/v2/activeorders/5/page", {}],
        ["GET", "/api/v2/orders"],
        ["GET", "/api/v2/statistics"],
        ["GET", "/api/v2/register"],
        ["GET", "/api/v2/gateway/settings"],
        ["GET", "/api/v2/trackers"],
        ["GET", "/api/v2/repeaters"],
        ["GET", "/api/v2/websocket"],
        ["GET", "/docs/json"],
        ["GET", "/sim/clock"],
        ["POST", "/api/v2/activeorders", { name: { $gt: "" } }],
        ["POST", "/api/v2/gateway/settings", { timezone: "../../../etc/passwd" }],
        ["GET", "/api/v2/orders?limit=abc"],
      ];
      for (const [method, route, body] of routes) {
        for (const auth of [token, undefined, "0".repeat(48)]) {
          const r = await call(t.base, method, route, { token: auth, body });
          expect(r.status, `${method} ${route}`).toBeLessThan(500);
          expect(findLeak(JSON.stringify(r.body), [token]), `${method} ${route}`).toBeUndefined();
        }
      }
      // An internal failure whose message holds a path and the token itself.
      const orders = t.gateway.ctx.orders;
      orders.list = () => {
        throw new Error(`boom in /work/main/src/domain/orders.ts:42 with ${token}`);
      };
      const r = await call(t.base, "GET", "/api/v2/activeorders", { token });
      expect(r.status).toBe(500);
      expectErrorEnvelope(500, r.body, "internal");
      expect(r.body.message).toBe("Internal error; the cause is in the gateway log");
      expect(findLeak(JSON.stringify(r.body), [token])).toBeUndefined();
      // The cause goes to the log, where the operator can read it.
      expect(logs.some((l) => String(l.msg).startsWith("unhandled error") && l.err)).toBe(true);
    } finally {
      await t.stop();
    }
  });

  it("the dashboard sends its security headers", async () => {
    const { t } = await loggedGateway();
    try {
      const res = await fetch(`${t.base}/`);
      expect(res.status).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    } finally {
      await t.stop();
    }
  });
});

describe("a caller on the LAN (network namespace, 10.213.0.2 → 10.213.0.1)", () => {
  let net: TestNetwork;
  let g: SpawnedGateway;
  let lan: string;
  let local: string;
  beforeAll(async () => {
    net = await createTestNetwork();
    const dataDir = `/tmp/opentt-netns-${process.pid}`;
    // Listens on every address of its own namespace only: loopback and 10.213.0.1.
    g = await spawnGateway(["--host", "0.0.0.0", "--data", dataDir, "--sim"], ["ip", "netns", "exec", net.gw]);
    lan = `http://${GW_ADDR}:${g.port}`;
    local = `http://127.0.0.1:${g.port}`;
  }, 60_000);
  afterAll(async () => {
    await g?.stop();
    await net?.destroy();
    const { rmSync } = await import("node:fs");
    rmSync(`/tmp/opentt-netns-${process.pid}`, { recursive: true, force: true });
  });

  it("cannot press the button, whatever headers it sends", async () => {
    const tries: NetRequest[] = [];
    for (const route of ["/admin/button", "/sim/button"]) {
      const variants: Array<Record<string, string>> = [{}, { "x-forwarded-for": "127.0.0.1", host: "localhost" }];
      variants.push({ origin: local }, { "x-real-ip": "127.0.0.1", forwarded: "for=127.0.0.1" });
      for (const headers of variants) tries.push({ url: lan + route, method: "POST", headers });
    }
    const replies = await net.fetchFrom(net.cl, tries);
    replies.forEach((r, i) => {
      const label = `${tries[i]?.url} ${JSON.stringify(tries[i]?.headers)}`;
      expect(r.status, label).toBe(403);
      expectErrorEnvelope(403, r.body, label);
      expect(r.body.returnCode).toBe(-5);
      expect(r.body.message).toMatch(/loopback|gateway itself/);
    });
    // The same route answers a caller on the gateway box itself.
    const [onBox] = await net.fetchFrom(net.gw, [{ url: `${local}/admin/button`, method: "POST" }]);
    expect(onBox?.status).toBe(200);
  });

  it("needs a token for the simulator's routes, and its minted token is logged with 10.213.0.2", async () => {
    const [open] = await net.fetchFrom(net.cl, [{ url: `${lan}/sim/clock` }]);
    expect(open?.status).toBe(401);
    expect(open?.body.returnCode).toBe(-2);

    // The window is open (pressed on the box): a stranger on the LAN can mint a token...
    const [pressed] = await net.fetchFrom(net.gw, [{ url: `${local}/admin/button`, method: "POST" }]);
    expect(pressed?.status).toBe(200);
    const [minted] = await net.fetchFrom(net.cl, [{ url: `${lan}/api/v2/accesstoken/generate?name=stranger` }]);
    expect(minted?.status).toBe(201);
    const secret = ((minted?.body.token ?? {}) as { token?: string }).token ?? "";
    expect(secret).toMatch(/^[0-9a-f]{48}$/);
    // ...but it is logged with the stranger's address, and listed with it once used.
    await waitUntil(() => g.logs.some((l) => l.tokenName === "stranger" && l.ip === CLIENT_ADDR), "the mint log line");
    const headers = { authorization: `Bearer ${secret}` };
    const [sim, list] = await net.fetchFrom(net.cl, [
      { url: `${lan}/sim/clock`, headers },
      { url: `${lan}/api/v2/accesstoken`, headers },
    ]);
    expect(sim?.status).toBe(200);
    expect(list?.body.items).toContainEqual(expect.objectContaining({ name: "stranger", ip_address: CLIENT_ADDR }));
    expect(g.logs.some((l) => JSON.stringify(l).includes(secret))).toBe(false);
  });
});
