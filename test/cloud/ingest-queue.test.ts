// The cloud's group commit (ingest.ts IngestQueue): uploads waiting while a statement is in
// flight leave together as one statement; a site never has two statements at once, so its
// uploads apply in the order they came; an unknown token inside a group is refused alone; and
// an upload PostgreSQL refuses fails alone, the rest of its group stored. Statements are
// counted through a wrapper, not timed. On real PostgreSQL when OPENTT_TEST_PG_URL is set (as
// CI does), else PGlite.
import { randomBytes } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, hashSecret } from "../../src/cloud/accounts.js";
import type { Queryable } from "../../src/cloud/db.js";
import { IngestQueue } from "../../src/cloud/ingest.js";
import { CloudService } from "../../src/cloud/service.js";
import { parseSyncBatch, type SyncOrder } from "../../src/protocol/sync.js";
import { TrackerError } from "../../src/protocol/tracker-error.js";
import { ENGINE, openTestDb, syncOrder, type TestDb } from "./helpers.js";

const SITES = 30;
const hash = (i: number) => `hash-of-queue-site-${i}`;
const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const batch = (orders: SyncOrder[], over: Record<string, unknown> = {}) =>
  parseSyncBatch({ zone: "UTC", targetTime: 300, pending: 0, oldestAgeMs: 0, orders, ...over });
const order = (over: Partial<SyncOrder> = {}) => syncOrder({ created: T0, stateChanged: T0, ...over });

/** A refusal as PostgreSQL gives one for a value it cannot store (SQLSTATE 22003), or a lost connection. */
const refusal = () => Object.assign(new Error("integer out of range"), { code: "22003" });
const lostConnection = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

/** The database, with each ingest statement's upload tokens recorded (and some refused). */
function watched(db: Queryable, refuse: (tokens: string[]) => Error | undefined = () => undefined) {
  const groups: string[][] = [];
  const q: Queryable = {
    exec: (sql) => db.exec(sql),
    query: async (sql, params) => {
      if (/INSERT INTO orders/.test(sql)) {
        const tokens = (JSON.parse(params?.[0] as string) as Array<{ token_hash: string }>).map((m) => m.token_hash);
        groups.push(tokens);
        const e = refuse(tokens);
        if (e) throw e;
      }
      return db.query(sql, params);
    },
  };
  return { q, groups };
}

describe(`ingest group commit on ${ENGINE}`, () => {
  let t: TestDb;
  let siteIds: number[];
  let accountId: number;

  beforeAll(async () => {
    t = await openTestDb();
    accountId = (await createAccount(t.db, "Queue Chain")).id;
    const r = await t.db.query<{ id: number }>(
      `INSERT INTO sites (account_id, name, token_hash, activated_at)
       SELECT $1, 'Q' || i, 'hash-of-queue-site-' || i, now() FROM generate_series(0, $2 - 1) AS i ORDER BY i RETURNING id`,
      [accountId, SITES],
    );
    siteIds = r.rows.map((x) => x.id);
  }, 120_000);
  afterAll(() => t?.drop());

  const stored = async (uuid: string) =>
    (
      await t.db.query<{ site_id: number; version: number }>("SELECT site_id, version FROM orders WHERE uuid = $1", [
        uuid,
      ])
    ).rows;

  it("uploads that wait behind a statement leave together as one", async () => {
    const { q, groups } = watched(t.db);
    const queue = new IngestQueue(q, { concurrency: 1 });
    const uploads = siteIds.map((_, i) => [order({ name: `${i}` }), order({ name: `${i}b` })]);
    const results = await Promise.all(uploads.map((orders, i) => queue.submit(hash(i), batch(orders))));
    // The first went alone at once; the other 29 waited for it and went as one statement.
    expect(groups.map((g) => g.length)).toEqual([1, SITES - 1]);
    for (const [i, r] of results.entries()) expect(r).toEqual({ siteId: siteIds[i], accepted: 2, applied: 2 });
    for (const [i, orders] of uploads.entries()) {
      for (const o of orders) expect(await stored(o.uuid)).toEqual([{ site_id: siteIds[i], version: 1 }]);
    }
    const received = await t.db.query<{ n: number }>("SELECT orders_received AS n FROM sites WHERE id = ANY($1)", [
      siteIds,
    ]);
    expect(received.rows.map((r) => Number(r.n))).toEqual(siteIds.map(() => 2));
  });

  it("a group stops at its order limit, and a larger upload goes alone", async () => {
    const { q, groups } = watched(t.db);
    const queue = new IngestQueue(q, { concurrency: 1, groupOrders: 5 });
    const sizes = [1, 2, 3, 2, 7, 1];
    await Promise.all(
      sizes.map((n, i) => queue.submit(hash(i), batch(Array.from({ length: n }, (_, k) => order({ name: `L${k}` }))))),
    );
    // [1] at once; then 2+3 (5); 2 (2+7 > 5); 7 alone; 1.
    expect(groups.map((g) => g.length)).toEqual([1, 2, 1, 1, 1]);
  });

  it("a site's second upload waits for its first: applied in the order sent, never in one statement", async () => {
    const { q, groups } = watched(t.db);
    const queue = new IngestQueue(q, { concurrency: 4 });
    const first = order({ name: "V", version: 1 });
    const second = {
      ...first,
      version: 2,
      state: "cleared" as const,
      clearedAt: T0 + 60_000,
      clearedReason: "TRACKER" as const,
    };
    const other = order({ name: "W" });
    const [a, b, c] = await Promise.all([
      queue.submit(hash(3), batch([first])),
      queue.submit(hash(3), batch([second])),
      queue.submit(hash(4), batch([other])),
    ]);
    expect([a?.applied, b?.applied, c?.applied]).toEqual([1, 1, 1]);
    expect(await stored(first.uuid)).toEqual([{ site_id: siteIds[3], version: 2 }]);
    // The second of site 3 was held back while the first was in flight; site 4 went past it.
    expect(groups).toEqual([[hash(3)], [hash(4)], [hash(3)]]);
  });

  it("a replayed upload in a later group changes nothing and applies 0", async () => {
    const queue = new IngestQueue(t.db, { concurrency: 2 });
    const o = order({ name: "R" });
    expect(await queue.submit(hash(9), batch([o]))).toMatchObject({ applied: 1 });
    expect(await queue.submit(hash(9), batch([o, o]))).toEqual({ siteId: siteIds[9], accepted: 2, applied: 0 });
  });

  it("an unknown token in a group is refused alone; the rest are stored", async () => {
    const { q, groups } = watched(t.db);
    const queue = new IngestQueue(q, { concurrency: 1 });
    const known = [order({ name: "K1" }), order({ name: "K2" }), order({ name: "K3" })];
    const stray = order({ name: "X" });
    const [k0, k1, unknown, k2] = await Promise.all([
      queue.submit(hash(10), batch([known[0] as SyncOrder])),
      queue.submit(hash(11), batch([known[1] as SyncOrder])),
      queue.submit("hash-no-site-holds", batch([stray])),
      queue.submit(hash(12), batch([known[2] as SyncOrder])),
    ]);
    expect(groups.map((g) => g.length)).toEqual([1, 3]);
    expect(unknown).toBeUndefined();
    expect([k0?.siteId, k1?.siteId, k2?.siteId]).toEqual([siteIds[10], siteIds[11], siteIds[12]]);
    expect(await stored(stray.uuid)).toEqual([]);
  });

  it("an upload the database refuses fails alone: each of its group goes again, the rest stored", async () => {
    const poison = hash(21);
    const { q, groups } = watched(t.db, (tokens) => (tokens.includes(poison) ? refusal() : undefined));
    const queue = new IngestQueue(q, { concurrency: 1 });
    const uploads = [20, 21, 22, 23].map((i) => ({ i, o: order({ name: `P${i}` }) }));
    const settled = await Promise.allSettled(uploads.map(({ i, o }) => queue.submit(hash(i), batch([o]))));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    // 20 alone; 21-23 as one (refused); then each alone.
    expect(groups.map((g) => g.length)).toEqual([1, 3, 1, 1, 1]);
    for (const { i, o } of uploads) expect(await stored(o.uuid)).toHaveLength(i === 21 ? 0 : 1);
  });

  it("figures past PostgreSQL's integer read as the defaults, and do not fail a group", async () => {
    const queue = new IngestQueue(t.db, { concurrency: 1 });
    const r = await queue.submit(hash(24), batch([order()], { targetTime: 2 ** 40, pending: 2 ** 31 }));
    expect(r).toMatchObject({ applied: 1 });
    const site = await t.db.query<{ target_time: number; pending: number }>(
      "SELECT target_time, pending FROM sites WHERE id = $1",
      [siteIds[24]],
    );
    expect(site.rows[0]).toEqual({ target_time: 300, pending: 0 });
  });

  it("a real refusal by the database, with an unknown token in the same group", async () => {
    const { q, groups } = watched(t.db);
    const queue = new IngestQueue(q, { concurrency: 1 });
    // Past PostgreSQL's integer: parseSyncBatch refuses it with 400, so made here by hand.
    const tooBig = { ...order({ name: "B" }), version: 2 ** 40 };
    const fine = order({ name: "F" });
    const settled = await Promise.allSettled([
      queue.submit(hash(13), batch([order({ name: "A" })])),
      queue.submit(hash(14), { zone: "UTC", targetTime: 300, pending: 0, oldestAgeMs: 0, orders: [tooBig] }),
      queue.submit("hash-no-site-holds", batch([order({ name: "U" })])),
      queue.submit(hash(15), batch([fine])),
    ]);
    expect(settled.map((x) => x.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(settled[2]).toEqual({ status: "fulfilled", value: undefined });
    expect(groups.map((g) => g.length)).toEqual([1, 3, 1, 1, 1]);
    expect(await stored(fine.uuid)).toEqual([{ site_id: siteIds[15], version: 1 }]);
    expect(await stored(tooBig.uuid)).toEqual([]);
  });

  it("a database that is down fails every waiting upload at once (no retry one by one), then works again", async () => {
    let down = true;
    const { q, groups } = watched(t.db, () => (down ? lostConnection() : undefined));
    const queue = new IngestQueue(q, { concurrency: 1 });
    const settled = await Promise.allSettled([25, 26, 27].map((i) => queue.submit(hash(i), batch([order()]))));
    expect(settled.every((s) => s.status === "rejected")).toBe(true);
    expect(groups.map((g) => g.length)).toEqual([1, 2]);
    down = false;
    expect(await queue.submit(hash(25), batch([order()]))).toMatchObject({ applied: 1 });
  });

  it("a full queue refuses an upload with 503 at once, nothing stored, and takes uploads again as it drains", async () => {
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const q: Queryable = {
      exec: (sql) => t.db.exec(sql),
      query: async (sql, p) => {
        await held;
        return t.db.query(sql, p);
      },
    };
    const queue = new IngestQueue(q, { concurrency: 1, maxWaitingOrders: 3 });
    const inFlight = queue.submit(hash(16), batch([order()])); // its statement waits on `held`
    const waiting = [queue.submit(hash(17), batch([order(), order()])), queue.submit(hash(18), batch([order()]))];
    const refused = order({ name: "full" });
    const e = await queue.submit(hash(19), batch([refused])).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TrackerError);
    expect(e).toMatchObject({ code: "UNAVAILABLE", httpStatus: 503 });
    expect((e as Error).message).toMatch(/3 orders waiting.*send this batch again/);
    release();
    expect((await Promise.all([inFlight, ...waiting])).map((r) => r?.applied)).toEqual([1, 2, 1]);
    expect(await stored(refused.uuid)).toEqual([]);
    expect(await queue.submit(hash(19), batch([refused]))).toMatchObject({ applied: 1 });
  });

  it("through POST /cloud/v1/sync: 40 gateways at once each get their own answer, 200 or 401", async () => {
    const tokens = Array.from({ length: 40 }, () => randomBytes(32).toString("hex"));
    const r = await t.db.query<{ id: number }>(
      `INSERT INTO sites (account_id, name, token_hash, activated_at)
       SELECT $1, 'H' || i, h, now() FROM unnest($2::text[]) WITH ORDINALITY AS x(h, i) ORDER BY i RETURNING id`,
      [accountId, tokens.map(hashSecret)],
    );
    const cloud = new CloudService({ host: "127.0.0.1", port: 0 }, { db: t.db, logger: pino({ level: "silent" }) });
    await cloud.start();
    try {
      const post = (token: string, orders: SyncOrder[]) =>
        fetch(`http://127.0.0.1:${cloud.port}/cloud/v1/sync`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ zone: "UTC", targetTime: 300, pending: 1, oldestAgeMs: 5, orders }),
        });
      const sent = tokens.map((tk, i) => ({ tk, orders: [order({ name: `H${i}` }), order({ name: `H${i}x` })] }));
      const stray = order({ name: "stray" });
      const replies = await Promise.all([
        ...sent.map(({ tk, orders }) => post(tk, orders)),
        post(randomBytes(32).toString("hex"), [stray]),
      ]);
      const bodies = await Promise.all(replies.map((x) => x.json() as Promise<Record<string, unknown>>));
      expect(replies.map((x) => x.status)).toEqual([...tokens.map(() => 200), 401]);
      for (const b of bodies.slice(0, -1)) expect(b).toMatchObject({ accepted: 2, applied: 2 });
      expect(bodies.at(-1)).toMatchObject({ returnCode: -2 });
      for (const [i, { orders }] of sent.entries()) {
        for (const o of orders) expect(await stored(o.uuid)).toEqual([{ site_id: r.rows[i]?.id, version: 1 }]);
      }
      expect(await stored(stray.uuid)).toEqual([]);
    } finally {
      await cloud.stop();
    }
  });
});
