// Degradation (issue 9 §5): a full disk and a database locked by another program give a 503
// envelope and change nothing; the gateway recovers when the cause goes away, with memory and
// disk in agreement across a restart. A webhook receiver that never answers never blocks the API.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { toTrackerError } from "../../src/http-kit/errors.js";
import { call, getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { expectErrorEnvelope } from "./support.js";
import { waitUntil } from "../helpers/wait.js";

const running: TestGateway[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

async function start(dataDir?: string): Promise<TestGateway> {
  const t = await startTestGateway(dataDir ? { dataDir } : {});
  running.push(t);
  return t;
}

/** What a client can see of the active orders, for comparing before and after a restart. */
async function activeView(t: TestGateway, token: string): Promise<unknown[]> {
  const r = await call(t.base, "GET", "/api/v2/activeorders", { token });
  expect(r.status).toBe(200);
  return (r.body.items as Array<Record<string, unknown>>).map((o) => [o.name, o.uuid, o.state, o.locationName]);
}

/** Stops t keeping its data, starts a new gateway on it, and checks it shows what t showed. */
async function restartAndCompare(t: TestGateway, token: string): Promise<TestGateway> {
  const before = await activeView(t, token);
  const seq = t.gateway.ctx.orders.seq;
  running.splice(running.indexOf(t), 1);
  await t.stop({ keepData: true });
  const again = await start(t.dataDir);
  expect(await activeView(again, token)).toEqual(before);
  expect(again.gateway.ctx.orders.seq).toBe(seq);
  return again;
}

const order = (name: string, extra: Record<string, unknown> = {}) => ({ name, orderType: "TO_GO", ...extra });

describe("disk full", () => {
  it("answers 503 -5 and changes nothing, then recovers when space returns", async () => {
    const t = await start();
    const token = await getToken(t);
    expect((await call(t.base, "POST", "/api/v2/activeorders", { token, body: order("1") })).status).toBe(201);
    const db = t.gateway.store.db;
    // The database may not grow past its current size: the next page it needs is "disk full".
    const pages = db.pragma("page_count", { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);

    let full: { name: string; status: number; body: Record<string, unknown>; retryAfter: string | null } | undefined;
    for (let i = 100; i < 2100 && !full; i++) {
      const seq = t.gateway.ctx.orders.seq;
      const r = await call(t.base, "POST", "/api/v2/activeorders", {
        token,
        body: order(String(i), { locationName: "7" }),
      });
      if (r.status === 201) continue;
      full = { name: String(i), status: r.status, body: r.body, retryAfter: r.headers.get("retry-after") };
      expect(t.gateway.ctx.orders.seq, "a refused change does not consume a seq").toBe(seq);
    }
    expect(full, "the database filled up").toBeDefined();
    if (!full) return;
    expect(full.status).toBe(503);
    expectErrorEnvelope(503, full.body, "disk full");
    expect(full.body.returnCode).toBe(-5);
    expect(full.body.message).toMatch(/disk is full/i);
    expect(full.retryAfter).not.toBeNull();

    // Nothing of the refused order reached memory; reads keep working.
    expect((await call(t.base, "GET", `/api/v2/activeorders/${full.name}`, { token })).status).toBe(404);
    expect((await call(t.base, "GET", "/api/v2/activeorders", { token })).status).toBe(200);
    expect((await call(t.base, "GET", "/api/v2/orders?limit=5", { token })).status).toBe(200);

    // Tokens minted while full must not be listed when the write failed.
    t.gateway.ctx.pressButton("test");
    const refusedTokens: string[] = [];
    for (let i = 0; i < 300 && refusedTokens.length === 0; i++) {
      const r = await call(t.base, "GET", `/api/v2/accesstoken/generate?name=full-${i}-${"x".repeat(40)}`);
      if (r.status === 503) {
        expectErrorEnvelope(503, r.body, "token while full");
        refusedTokens.push(`full-${i}-${"x".repeat(40)}`);
      } else expect(r.status).toBe(201);
    }
    expect(refusedTokens.length, "minting a token filled the disk too").toBe(1);
    const list = await call(t.base, "GET", "/api/v2/accesstoken", { token });
    const names = (list.body.items as Array<{ name: string }>).map((x) => x.name);
    expect(names).not.toContain(refusedTokens[0]);

    // Space comes back: the same request now succeeds, and a restart shows the same state.
    db.pragma("max_page_count = 1073741823");
    const retry = await call(t.base, "POST", "/api/v2/activeorders", {
      token,
      body: order(full.name, { locationName: "7" }),
    });
    expect(retry.status).toBe(201);
    expect(retry.body.activeorder).toMatchObject({ name: full.name, state: "located", locationName: "7" });
    const again = await restartAndCompare(t, token);
    const tokensAfter = await call(again.base, "GET", "/api/v2/accesstoken", { token });
    expect((tokensAfter.body.items as Array<{ name: string }>).map((x) => x.name)).toEqual(names);
  });
});

describe("database locked by another program", () => {
  it("answers 503 -5 while the lock is held, keeps serving reads, and recovers", async () => {
    const t = await start();
    const token = await getToken(t);
    expect((await call(t.base, "POST", "/api/v2/activeorders", { token, body: order("1") })).status).toBe(201);
    const other = new Database(path.join(t.dataDir, "opentt.db"));
    try {
      other.exec("BEGIN IMMEDIATE");
      other.prepare("INSERT INTO meta (key, value) VALUES ('lock-holder', 'test')").run();
      const seq = t.gateway.ctx.orders.seq;

      // Every kind of write is refused with the same envelope, and none reaches memory.
      const writes = [
        () => call(t.base, "POST", "/api/v2/activeorders", { token, body: order("2") }),
        () => call(t.base, "POST", "/api/v2/activeorders", { token, body: order("1", { locationName: "4" }) }),
        () => call(t.base, "DELETE", "/api/v2/activeorders/1", { token }),
        () => call(t.base, "POST", "/api/v2/gateway/settings", { token, body: { targetTimeDefault: 999 } }),
        () => call(t.base, "POST", "/api/v2/accesstoken", { token, body: { name: "while-locked" } }),
        () => call(t.base, "POST", "/api/v2/register", { token, body: { http_client: "http://127.0.0.1:9/x" } }),
      ];
      for (const w of writes) {
        const r = await w();
        expect(r.status).toBe(503);
        expectErrorEnvelope(503, r.body, "locked");
        expect(r.body.message).toMatch(/locked/i);
      }
      expect(t.gateway.ctx.orders.seq).toBe(seq);
      const active = await call(t.base, "GET", "/api/v2/activeorders", { token });
      expect(active.status).toBe(200);
      expect(active.body.items).toEqual([expect.objectContaining({ name: "1", state: "started", locationName: "" })]);
      const settings = await call(t.base, "GET", "/api/v2/gateway/settings", { token });
      expect((settings.body.settings as Record<string, unknown>).targetTimeDefault).toBe(300);
      const tokens = await call(t.base, "GET", "/api/v2/accesstoken", { token });
      expect((tokens.body.items as Array<{ name: string }>).map((x) => x.name)).toEqual(["default"]);
      const hooks = await call(t.base, "GET", "/api/v2/register", { token });
      expect(hooks.body.count).toBe(0);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }

    // The lock is gone: the same writes go through.
    expect((await call(t.base, "POST", "/api/v2/activeorders", { token, body: order("2") })).status).toBe(201);
    const moved = await call(t.base, "POST", "/api/v2/activeorders", {
      token,
      body: order("1", { locationName: "4" }),
    });
    expect(moved.status).toBe(200);
    expect((await call(t.base, "POST", "/api/v2/accesstoken", { token, body: { name: "after-lock" } })).status).toBe(
      201,
    );
    await restartAndCompare(t, token);
  });
});

describe("database read-only or failing", () => {
  it("answers 503 -5 saying the disk cannot be written, and recovers", async () => {
    const t = await start();
    const token = await getToken(t);
    const db = t.gateway.store.db;
    db.pragma("query_only = ON"); // every write now fails with SQLITE_READONLY
    const r = await call(t.base, "POST", "/api/v2/activeorders", { token, body: order("3") });
    expect(r.status).toBe(503);
    expectErrorEnvelope(503, r.body, "read-only");
    expect(r.body.message).toMatch(/cannot write its database/);
    expect((await call(t.base, "GET", "/api/v2/activeorders/3", { token })).status).toBe(404);
    db.pragma("query_only = OFF");
    expect((await call(t.base, "POST", "/api/v2/activeorders", { token, body: order("3") })).status).toBe(201);
    await restartAndCompare(t, token);
  });

  it("maps every SQLite failure family to a 503 and leaves other codes to the 500 path", () => {
    const cases: Array<[string, string | undefined]> = [
      ["SQLITE_FULL", "STORAGE_FULL"],
      ["SQLITE_BUSY", "STORAGE_BUSY"],
      ["SQLITE_BUSY_SNAPSHOT", "STORAGE_BUSY"],
      ["SQLITE_LOCKED", "STORAGE_BUSY"],
      ["SQLITE_IOERR_WRITE", "STORAGE_FAILED"],
      ["SQLITE_IOERR_FSYNC", "STORAGE_FAILED"],
      ["SQLITE_READONLY", "STORAGE_FAILED"],
      ["SQLITE_READONLY_DBMOVED", "STORAGE_FAILED"],
      ["SQLITE_CANTOPEN", "STORAGE_FAILED"],
      ["SQLITE_CONSTRAINT_UNIQUE", undefined],
      ["SQLITE_ERROR", undefined],
    ];
    for (const [code, name] of cases) {
      const te = toTrackerError(Object.assign(new Error("x"), { code }));
      expect(te?.code, code).toBe(name);
      if (te) expect([te.httpStatus, te.returnCode]).toEqual([503, -5]);
    }
  });
});

describe("a webhook receiver that hangs", () => {
  it("never blocks the API", async () => {
    const hung = new Set<Socket>();
    let received = 0;
    // Accepts every request, reads it, and never answers.
    const receiver = http.createServer((req) => {
      received++;
      req.resume();
    });
    receiver.on("connection", (s) => hung.add(s));
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const t = await start();
      const token = await getToken(t);
      const reg = await call(t.base, "POST", "/api/v2/register", { token, body: { http_client: url } });
      expect(reg.status).toBe(200);
      expect((await call(t.base, "POST", "/api/v2/activeorders", { token, body: order("1") })).status).toBe(201);
      await waitUntil(() => received > 0, "the receiver to be sent a delivery");

      // With a delivery hanging, a burst of writes and reads all complete.
      const calls = [];
      for (let i = 2; i < 42; i++) {
        calls.push(call(t.base, "POST", "/api/v2/activeorders", { token, body: order(String(i)) }));
        calls.push(call(t.base, "GET", "/api/v2/activeorders", { token }));
      }
      const clearAll = call(t.base, "DELETE", "/api/v2/activeorders", { token });
      const results = await Promise.all([...calls, clearAll]);
      expect(results.map((r) => r.status).filter((s) => s >= 300)).toEqual([]);
      const cleared = (await clearAll).body.count as number;
      expect(cleared).toBeGreaterThan(0);
      const list = await call(t.base, "GET", "/api/v2/register", { token });
      const item = (list.body.items as Array<{ pending: number }>)[0];
      // Every change is queued behind the hung delivery, none lost.
      expect(item?.pending).toBe(1 + 40 + cleared);
    } finally {
      for (const s of hung) s.destroy();
      receiver.close();
    }
  });
});
