// [opentt] GET /api/v2/orders?format=csv (issue 18.4): text/csv with the history item's field
// names as the header, the same filters (checked before the first byte, with their codes), and
// streamed in keyset pages: pulling the export a chunk at a time queries one page at a time and
// never ahead (the check that memory does not grow with rows), and a large export arrives whole.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { HistoryService } from "../../src/domain/history-service.js";
import { HISTORY_CSV_FIELDS } from "../../src/protocol/csv.js";
import { openDatabase, SqliteStore } from "../../src/store/sqlite-store.js";
import { api, expectError } from "../helpers/contract.js";
import { type TestGateway, useTestGateway } from "../helpers/gateway.js";

const N = Number(process.env.OPENTT_CSV_ROWS ?? 50_000);

/** Inserts n cleared orders straight into the database, one a second, alternating type and table. */
function seed(store: SqliteStore, n: number, start = Date.now() - 5 * 86_400_000): void {
  const insert = store.db.prepare(
    `INSERT INTO orders (uuid, name, order_type, location_name, state, created, state_changed, located_at, cleared_at, cleared_reason, version)
     VALUES (?, ?, ?, ?, 'cleared', ?, ?, ?, ?, 'TRACKER', 3)`,
  );
  store.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const t = start + i * 1000;
      const uuid = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
      insert.run(
        uuid,
        String(i % 1000),
        i % 2 ? "TO_GO" : "ON_PREMISE",
        String(i % 40),
        t,
        t + 240_000,
        t + 60_000,
        t + 240_000,
      );
    }
  })();
}

describe("GET /api/v2/orders?format=csv", () => {
  let t: TestGateway;
  let token: string;
  useTestGateway(async (g, tok) => {
    t = g;
    token = tok;
    await api(t.base, "POST", "/api/v2/gateway/settings", { token, body: { timezone: "+00:00" } });
    for (const [name, type] of [
      ["1", "TO_GO"],
      ["2", "ON_PREMISE"],
      ["3", "TO_GO"],
    ]) {
      await api(t.base, "POST", "/api/v2/activeorders", { token, body: { name, orderType: type, locationName: "4" } });
    }
    await api(t.base, "POST", "/api/v2/activeorders/3/ready", { token });
  });

  const csv = (query: string) =>
    fetch(`${t.base}/api/v2/orders?format=csv${query}`, { headers: { authorization: `Bearer ${token}` } });

  it("is text/csv: the history item's field names, then one line per order, newest first", async () => {
    const res = await csv("");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(HISTORY_CSV_FIELDS.join(","));
    expect(lines).toHaveLength(4);
    const row = (i: number) => Object.fromEntries(HISTORY_CSV_FIELDS.map((f, j) => [f, lines[i]?.split(",")[j]]));
    expect(row(1)).toMatchObject({
      type: "ORDER_SUMMARY",
      name: "3",
      orderType: "TO_GO",
      locationName: "4",
      state: "located",
      orderCleared: "",
    });
    expect(row(1).readyTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(row(3)).toMatchObject({ name: "1", readyTime: "" });
  });

  it("takes the history's filters; a bad one is the JSON error before any CSV; an unknown format is -38", async () => {
    const lines = (await (await csv("&order_type=TO_GO")).text()).trimEnd().split("\r\n");
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(["3", "1"]);
    expectError(await api(t.base, "GET", "/api/v2/orders?format=csv&created_after=yesterday", { token }), 400, -25);
    expectError(await api(t.base, "GET", "/api/v2/orders?format=xml", { token }), 400, -38);
    expectError(await api(t.base, "GET", "/api/v2/orders?format=csv"), 401, -2);
  });

  it("sends a large history whole, one line per order", { timeout: 120_000 }, async () => {
    seed(t.gateway.store as SqliteStore, N);
    let bytes = 0;
    let newlines = 0;
    const res = await csv("");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const b of value) if (b === 10) newlines++;
    }
    expect(newlines).toBe(N + 3 + 1);
    expect(bytes).toBeGreaterThan(N * 100);
  });
});

/** Reads a raw HTTP/1.1 connection to its end; `gate` holds the reading after the first chunk. */
function rawGet(port: number, request: string, gate?: Promise<unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect(port, "127.0.0.1", () => s.write(request));
    s.on("data", (d) => {
      chunks.push(d);
      if (gate && chunks.length === 1) {
        s.pause();
        void gate.then(() => s.resume());
      }
      // The export ends with the last chunk of the chunked body; keep-alive would hold the socket open.
      if (d.subarray(-5).toString() === "0\r\n\r\n") s.end();
    });
    s.on("end", () => s.end());
    s.on("close", () => resolve(Buffer.concat(chunks).toString()));
    s.on("error", reject);
  });
}

// The request timeout guards against slow *requests* (slowloris); a reply that streams longer than
// it, to a reader that takes its time, must still arrive whole.
describe("a long export to a slow reader, with a short request timeout", () => {
  // More than loopback's socket buffers hold, so the reply is still being written when the timeout runs out.
  const ROWS = 100_000;
  let g: TestGateway;
  let auth: string;
  useTestGateway(
    (started, issued) => {
      g = started;
      auth = `Authorization: Bearer ${issued}\r\n`;
      seed(g.gateway.store as SqliteStore, ROWS);
    },
    {},
    { http: { requestMs: 200, checkEveryMs: 20 } },
    { timeout: 120_000 },
  );

  it("arrives whole while a slow request on another connection is refused with 408", { timeout: 120_000 }, async () => {
    // A slowloris: headers started and never finished. Its refusal proves the timeout ran out
    // while the export below was held mid-stream.
    const slow = rawGet(g.gateway.port, "GET /api/v2/orders HTTP/1.1\r\nHost: x\r\n");
    const csv = rawGet(g.gateway.port, `GET /api/v2/orders?format=csv HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, slow);
    const orders = g.gateway.store.orders;
    const historyAfter = orders.historyAfter.bind(orders);
    let pages = 0;
    orders.historyAfter = (...a) => {
      pages++;
      return historyAfter(...a);
    };
    const refused = await slow;
    expect(pages).toBeLessThan(ROWS / 1000); // the export is still mid-stream
    expect(refused).toMatch(/^HTTP\/1\.1 408 /);
    expect(refused).toContain('"returnCode":-5');
    const text = await csv;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    const rows = text.split("\r\n").filter((l) => l.startsWith("ORDER_SUMMARY,"));
    expect(rows).toHaveLength(ROWS);
    expect(new Set(rows.map((l) => l.split(",")[2])).size).toBe(ROWS);
  });
});

describe("HistoryService.csv", () => {
  it("queries one keyset page per chunk pulled, never ahead", () => {
    const store = new SqliteStore(openDatabase({ dataDir: ":memory:" }));
    seed(store, 5_500);
    let pages = 0;
    const orders = store.orders;
    const spy = {
      orders: {
        ...orders,
        historyAfter: (...a: Parameters<typeof orders.historyAfter>) => {
          pages++;
          return orders.historyAfter(...a);
        },
      },
    };
    const history = new HistoryService(spy, { now: () => 0 } as never, {
      zone: "UTC",
      get: () => ({ targetTimeDefault: 300 }),
    });
    const it = history.csv({}, 1000)[Symbol.iterator]();
    expect(it.next().value).toMatch(/^type,name,uuid,/);
    expect(pages).toBe(0);
    it.next();
    it.next();
    expect(pages).toBe(2);
    let rows = 2000;
    for (let r = it.next(); !r.done; r = it.next()) rows += r.value.split("\r\n").length - 1;
    expect(rows).toBe(5_500);
    expect(pages).toBe(7); // six pages of up to 1000, and the empty one that ends it
    store.close();
  });
});
