// The cloud benchmark's load (bench/cloud-ingest.ts): the simulated gateways' batches and their
// HTTP client, and the raw SQL baselines the cloud's ingest is measured against.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { CloudDb } from "../../src/cloud/db.js";
import { GROUP_ORDERS, UPSERT_SET } from "../../src/cloud/ingest.js";
import type { SyncBatch, SyncOrder } from "../../src/protocol/sync.js";
import type { CloudBenchSizes } from "../cloud-ingest.js";

const T0 = Date.UTC(2025, 0, 1);

/** One gateway's batches: `rounds` waves of orders, each a change of the wave before it. */
function batches(s: CloudBenchSizes): SyncOrder[][] {
  const base = Array.from({ length: s.batch }, (_, i) => {
    const created = T0 + i * 60_000;
    return {
      uuid: randomUUID(),
      version: 1,
      name: String(i + 1),
      orderType: i % 3 ? "ON_PREMISE" : "TO_GO",
      locationName: null,
      state: "started",
      created,
      stateChanged: created,
      locatedAt: null,
      pagedAt: null,
      clearedAt: null,
      clearedReason: null,
      paged: false,
    } satisfies SyncOrder;
  });
  return Array.from({ length: s.rounds }, (_, r) =>
    base.map((o) =>
      r === 0
        ? o
        : {
            ...o,
            version: 1 + r,
            state: "cleared" as const,
            locationName: "7",
            locatedAt: o.created + 30_000,
            clearedAt: o.created + 200_000 + r,
            stateChanged: o.created + 200_000 + r,
            clearedReason: "TRACKER" as const,
          },
    ),
  );
}

export async function makeSites(
  db: CloudDb,
  accountId: number,
  n: number,
): Promise<Array<{ id: number; token: string }>> {
  const tokens = Array.from({ length: n }, () => randomBytes(32).toString("hex"));
  const r = await db.query<{ id: number }>(
    `INSERT INTO sites (account_id, name, token_hash, activated_at, last_seen)
     SELECT $1, 'Site ' || i, h, now(), now() FROM unnest($2::text[]) WITH ORDINALITY AS t(h, i) RETURNING id`,
    [accountId, tokens.map((t) => createHash("sha256").update(t).digest("hex"))],
  );
  return r.rows.map((row, i) => ({ id: row.id, token: tokens[i] as string }));
}

export const COLS =
  "site_id, account_id, uuid, version, name, order_type, location_name, state, created, state_changed, located_at, paged_at, cleared_at, cleared_reason, paged";

/** The baseline: one plain multi-row VALUES upsert of these batches, no HTTP, no JSON. */
export async function rawUpsert(
  db: CloudDb,
  accountId: number,
  batches: Array<{ siteId: number; orders: SyncOrder[] }>,
) {
  const params: unknown[] = [];
  const ts = (v: number | null) => (v === null ? null : new Date(v).toISOString());
  const rows = batches.flatMap(({ siteId, orders }) =>
    orders.map((o) => {
      const vals: unknown[] = [
        siteId,
        accountId,
        o.uuid,
        o.version,
        o.name,
        o.orderType,
        o.locationName,
        o.state,
        ts(o.created),
      ];
      vals.push(ts(o.stateChanged), ts(o.locatedAt), ts(o.pagedAt), ts(o.clearedAt), o.clearedReason, o.paged);
      const first = params.length;
      params.push(...vals);
      return `(${vals.map((_, i) => `$${first + i + 1}`).join(", ")})`;
    }),
  );
  await db.query(
    `INSERT INTO orders AS o (${COLS}) VALUES ${rows.join(", ")}
     ON CONFLICT (site_id, uuid, created) DO UPDATE SET ${UPSERT_SET} WHERE excluded.version > o.version`,
    params,
  );
}

/**
 * The same baseline grouped as the cloud groups uploads (ingest.ts IngestQueue): batches waiting
 * while `concurrency` statements are in flight leave together, up to GROUP_ORDERS rows in one
 * upsert. The stronger baseline: what raw SQL does with the cloud's own trick.
 */
export function groupedRawUpsert(db: CloudDb, accountId: number, concurrency: number) {
  type Waiting = { siteId: number; orders: SyncOrder[]; resolve(): void; reject(e: unknown): void };
  let waiting: Waiting[] = [];
  let inFlight = 0;
  const pump = (): void => {
    while (inFlight < concurrency && waiting.length > 0) {
      let rows = 0;
      let k = 0;
      for (; k < waiting.length; k++) {
        const n = (waiting[k] as Waiting).orders.length;
        if (k > 0 && rows + n > GROUP_ORDERS) break;
        rows += n;
      }
      const group = waiting.slice(0, k);
      waiting = waiting.slice(k);
      inFlight++;
      rawUpsert(db, accountId, group)
        .then(
          () => {
            for (const w of group) w.resolve();
          },
          (e: unknown) => {
            for (const w of group) w.reject(e);
          },
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };
  return (site: { id: number }, orders: SyncOrder[]) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ siteId: site.id, orders, resolve, reject });
      pump();
    });
}

export type Site = { id: number; token: string };

/**
 * Every gateway sends its batches one after the other, all gateways at once; returns orders/s.
 * `prepare` turns each batch into what `send` takes before the clock starts.
 */
export async function ingestRun<T = SyncOrder[]>(
  s: CloudBenchSizes,
  sites: Site[],
  send: (site: Site, item: T) => Promise<void>,
  prepare: (orders: SyncOrder[]) => T = (orders) => orders as T,
) {
  const work = sites.map((site) => ({ site, items: batches(s).map(prepare) }));
  const t0 = performance.now();
  await Promise.all(
    work.map(async ({ site, items }) => {
      for (const item of items) await send(site, item);
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  return (s.gateways * s.batch * s.rounds) / secs;
}

// node:http with keep-alive rather than fetch or autocannon: the simulated gateways' own client
// cost is not what is measured, and on a small machine it competes with the cloud and
// PostgreSQL for the same cores (autocannon cost more: 18.5-20.8k orders/s against 24.5-25.6k).
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

function upload(url: URL, token: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`upload → ${res.statusCode}: ${Buffer.concat(chunks).toString()}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Every gateway uploads its batches one after the other, all at once; bodies built before the clock. */
export function uploadAll(base: string, s: CloudBenchSizes, sites: Site[]): Promise<number> {
  const url = new URL(`${base}/cloud/v1/sync`);
  return ingestRun(
    s,
    sites,
    (site, body: string) => upload(url, site.token, body),
    (orders) =>
      JSON.stringify({ zone: "UTC", targetTime: 300, pending: 0, oldestAgeMs: 1000, orders } satisfies SyncBatch),
  );
}
