// Isolation between accounts (issue 19.5), as a property: for every route in the cloud's own
// route table (a new route is covered without touching this file), a call made with one
// account's credentials on another account's IDs (swapped, enumerated, guessed) returns nothing
// of the other account, counts nothing of it (the reply is the same after the victim's data
// grows), and changes nothing of it (the victim's rows are the same before and after).
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/cloud/accounts.js";
import { cloudRoutes } from "../../src/cloud/http.js";
import { DEVICE_CODE_ALPHABET, type SyncOrder } from "../../src/protocol/sync.js";
import { type CallResult, call } from "../helpers/gateway.js";
import { ENGINE, startTestCloud, syncOrder, type TestCloud } from "./helpers.js";

const ACCOUNTS = 4;
const SITES = 3;
const T0 = Date.UTC(2026, 2, 10, 15, 0, 0);
// Every attempt is a guess here: the limits are the subject of limits.test.ts, not of this file.
const NO_LIMITS = { failuresPerSource: 1e9, sourceWindowSeconds: 60, codesPerAccount: 1e9, accountWindowSeconds: 60 };

interface Site {
  id: number;
  name: string;
  token: string;
}
interface World {
  id: number;
  name: string;
  token: string;
  sites: Site[];
  orders: SyncOrder[];
}

let c: TestCloud;
const world: World[] = [];
let touched: string[] = [];

async function post(route: string, token: string | undefined, body: unknown): Promise<CallResult> {
  return call(c.base, "POST", route, { token, body });
}

async function addSite(w: World): Promise<void> {
  const name = `site-${w.id}-${w.sites.length}-${randomUUID()}`;
  const created = await post("/cloud/v1/sites", w.token, { name });
  const act = await post("/cloud/v1/activate", undefined, { deviceCode: created.body.deviceCode });
  expect(act.status).toBe(200);
  w.sites.push({ id: act.body.siteId as number, name, token: act.body.siteToken as string });
}

/** One more order for a site, in the month the queries look at and now (the default range). */
async function addOrders(w: World, site: Site): Promise<void> {
  const orders = [T0 + w.orders.length * 60_000, Date.now() - 3_600_000].map((t) =>
    syncOrder({ created: t, stateChanged: t, name: String(w.orders.length + 1), locationName: "7" }),
  );
  const r = await post("/cloud/v1/sync", site.token, {
    zone: "UTC",
    targetTime: 300,
    pending: 0,
    oldestAgeMs: 0,
    orders,
  });
  expect(r.status).toBe(200);
  w.orders.push(...orders);
}

/** Everything the cloud holds of one account, as text: equal means unchanged. */
async function snapshot(accountId: number): Promise<string> {
  const q = async (sql: string) => (await c.db.query<{ j: string }>(sql, [accountId])).rows.map((r) => r.j).join("\n");
  return [
    await q("SELECT row_to_json(a)::text AS j FROM accounts a WHERE id = $1"),
    await q("SELECT row_to_json(s)::text AS j FROM sites s WHERE account_id = $1 ORDER BY id"),
    await q("SELECT row_to_json(o)::text AS j FROM orders o WHERE account_id = $1 ORDER BY site_id, uuid"),
  ].join("\n");
}

/** What of `victim` a reply must never contain: names, order uuids, ids under id-naming keys. */
function leaks(reply: unknown, victim: World): string[] {
  const found: string[] = [];
  const text = JSON.stringify(reply);
  for (const s of [victim.name, ...victim.sites.map((x) => x.name), ...victim.orders.map((o) => o.uuid)]) {
    if (text.includes(s)) found.push(s);
  }
  const siteIds = new Set(victim.sites.map((s) => s.id));
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (v === null || typeof v !== "object") return;
    for (const [k, x] of Object.entries(v)) {
      if (k === "siteId" && siteIds.has(x as number)) found.push(`siteId ${x}`);
      if (k === "accountId" && x === victim.id) found.push(`accountId ${x}`);
      walk(x);
    }
  };
  walk(reply);
  return found;
}

/** Fields that move with the clock or the replica, not with anyone's data. */
function stable(body: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(body), (k, v) =>
    ["silentSeconds", "lastSeen", "replica", "lagSeconds", "expires"].includes(k) ? undefined : v,
  );
}

// ---- the calls an attacker can make

const code = fc
  .array(fc.constantFrom(...DEVICE_CODE_ALPHABET), { minLength: 8, maxLength: 8 })
  .map((a) => `${a.slice(0, 4).join("")}-${a.slice(4).join("")}`);

/** An id to put where the route or query wants one: the victim's, the attacker's, enumerated, odd. */
const idFor = (attacker: World, victim: World) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...victim.sites.map((s) => String(s.id))) },
    fc.constantFrom(...attacker.sites.map((s) => String(s.id))),
    fc.integer({ min: 0, max: ACCOUNTS * (SITES + 4) }).map(String),
    fc.constantFrom(String(victim.id), "-1", "2147483648", "1.5", "x", "1 OR 1=1"),
  );

function request(attacker: World, victim: World) {
  const id = idFor(attacker, victim);
  const swapped = fc.constantFrom(...victim.orders).map((o) => ({ ...o, version: o.version + 5, name: "999" }));
  return fc.record({
    // Mostly the attacker's own valid admin token: the interesting calls get past authentication.
    credential: fc.oneof({ weight: 4, arbitrary: fc.constant("admin") }, fc.constantFrom("site", "none", "guess")),
    param: id,
    query: fc.record(
      {
        site: id,
        orderNumber: fc.constantFrom(...victim.orders.map((o) => o.name)),
        tableNumber: fc.constant("7"),
        dateFrom: fc.constantFrom("2026-03-01", "2026-03-10", "2020-01-01"),
        dateTo: fc.constantFrom("2026-03-31", "2030-01-01"),
        limit: fc.constantFrom("1", "100"),
        offset: fc.constantFrom("0", "1"),
      },
      { requiredKeys: [] },
    ),
    body: fc.oneof(
      fc.record({ name: fc.constantFrom("x", "Downtown") }),
      fc.record({ retentionMonths: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ overlapSeconds: fc.constantFrom(0, 60) }),
      fc.record({ deviceCode: code, serial: fc.constant("attacker") }),
      fc.record({
        zone: fc.constant("UTC"),
        targetTime: fc.constant(300),
        pending: fc.constant(0),
        oldestAgeMs: fc.constant(0),
        orders: fc.array(swapped, { minLength: 1, maxLength: 3 }),
      }),
      fc.constant(undefined),
    ),
  });
}

type Req = ReturnType<typeof request> extends fc.Arbitrary<infer R> ? R : never;

function build(url: string, r: Req): string {
  const path = url.replace(/:[a-zA-Z]+/g, encodeURIComponent(r.param)).replace("*", "theme.css");
  const qs = new URLSearchParams(r.query as Record<string, string>).toString();
  return qs ? `${path}?${qs}` : path;
}

function credential(attacker: World, r: Req): string | undefined {
  if (r.credential === "admin") return attacker.token;
  if (r.credential === "site") return attacker.sites[0]?.token;
  if (r.credential === "guess") return randomUUID().replaceAll("-", "").repeat(2);
  return undefined;
}

beforeAll(async () => {
  c = await startTestCloud({ limits: NO_LIMITS });
  for (let i = 0; i < ACCOUNTS; i++) {
    const name = `account-${i}-${randomUUID()}`;
    const a = await createAccount(c.db, name);
    const w: World = { id: a.id, name, token: a.token, sites: [], orders: [] };
    for (let j = 0; j < SITES; j++) await addSite(w);
    for (const s of w.sites) await addOrders(w, s);
    // A site whose code is still out: the victim's pending device code must stay its own.
    await post("/cloud/v1/sites", w.token, { name: `pending-${i}-${randomUUID()}` });
    world.push(w);
  }
}, 120_000);
afterAll(() => c?.stop());

describe(`isolation between accounts on ${ENGINE}`, () => {
  it("walks every route of the cloud's route table", () => {
    const table = cloudRoutes(c.cloud.http).filter((r) => r.method !== "HEAD");
    touched = [...new Set(table.map((r) => `${r.method} ${r.url}`))];
    // The table is the cloud's own: a sample of what it must hold, so an empty table cannot pass.
    expect(touched).toEqual(
      expect.arrayContaining([
        "POST /cloud/v1/sync",
        "POST /cloud/v1/activate",
        "GET /cloud/v1/orders",
        "GET /cloud/v1/statistics",
        "POST /cloud/v1/sites/:id/device-code",
        "POST /cloud/v1/account/token",
      ]),
    );
  });

  it("never returns, counts or changes another account's data, whatever the IDs", async () => {
    for (const route of touched) {
      const [method, url] = route.split(" ") as [string, string];
      const pair = fc
        .tuple(fc.nat({ max: ACCOUNTS - 1 }), fc.nat({ max: ACCOUNTS - 2 }))
        .map(([a, b]) => [a, b >= a ? b + 1 : b] as const);
      await fc.assert(
        fc.asyncProperty(
          pair.chain(([a, v]) => request(world[a] as World, world[v] as World).map((r) => ({ a, v, r }))),
          async ({ a, v, r }) => {
            const attacker = world[a] as World;
            const victim = world[v] as World;
            const others = world.filter((w) => w !== attacker);
            const before = await Promise.all(others.map((w) => snapshot(w.id)));
            const send = () =>
              call(c.base, method, build(url, r), {
                token: credential(attacker, r),
                body: method === "GET" ? undefined : r.body,
              });
            const first = await send();
            // A rotation by the attacker replaces the attacker's own token, nobody else's.
            if (typeof first.body.token === "string") attacker.token = first.body.token;
            expect(first.status, JSON.stringify(first.body)).toBeLessThan(500);
            expect(leaks(first.body, victim), `${route} ${JSON.stringify(r)}`).toEqual([]);
            expect(await Promise.all(others.map((w) => snapshot(w.id)))).toEqual(before);
            if (method !== "GET") return;
            // Counts nothing of the victim: the victim's data grows, the attacker's reply does not move.
            await addOrders(victim, victim.sites[0] as Site);
            const second = await send();
            expect(second.status).toBe(first.status);
            expect(stable(second.body), `${route} ${JSON.stringify(r)}`).toEqual(stable(first.body));
          },
        ),
        { numRuns: 25 },
      );
    }
  }, 300_000);
});
