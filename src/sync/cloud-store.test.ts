import { afterEach, describe, expect, it } from "vitest";
import type { OrderRecord } from "../domain/records.js";
import { openDatabase } from "../store/sqlite-store.js";
import { type CloudBinding, CloudSyncStore } from "./cloud-store.js";

const binding: CloudBinding = {
  cloudUrl: "http://127.0.0.1:1",
  siteId: 1,
  siteName: "A",
  accountId: 1,
  accountName: "Acc",
  siteToken: "ab".repeat(32),
  activated: 1,
};

function order(uuid: string, version: number): OrderRecord {
  return {
    id: 1,
    uuid,
    name: "1",
    orderType: "TO_GO",
    locationName: null,
    state: "started",
    created: 1_000,
    stateChanged: 1_000,
    locatedAt: null,
    pagedAt: null,
    clearedAt: null,
    clearedReason: null,
    paged: false,
    version,
  };
}

const db = openDatabase({ dataDir: ":memory:" });
afterEach(() => {
  db.exec("DELETE FROM cloud_outbox; DELETE FROM cloud_binding; DELETE FROM orders;");
});

describe("the cloud outbox", () => {
  it("keeps one row per order: the newest version, at the place and time of the first", () => {
    const s = new CloudSyncStore(db);
    s.enqueue(order("a", 1), 100);
    s.enqueue(order("b", 1), 200);
    s.enqueue(order("a", 3), 300);
    s.enqueue(order("a", 2), 400); // a late, older version never replaces a newer one
    const rows = s.batch(10);
    expect(rows.map((r) => [r.uuid, r.version, r.queued])).toEqual([
      ["a", 3, 100],
      ["b", 1, 200],
    ]);
    expect(JSON.parse(rows[0]?.body as string)).toMatchObject({ uuid: "a", version: 3, state: "started" });
    expect(s.stats()).toEqual({ pending: 2, oldest: 100 });
  });

  it("keeps a row whose order changed while its upload was in flight", () => {
    const s = new CloudSyncStore(db);
    s.enqueue(order("a", 1), 100);
    const sent = s.batch(10);
    s.enqueue(order("a", 2), 150);
    s.acknowledge(sent);
    expect(s.batch(10).map((r) => [r.uuid, r.version])).toEqual([["a", 2]]);
    s.acknowledge(s.batch(10));
    expect(s.stats().pending).toBe(0);
  });

  it("queues the local history on binding, and drops the queue with the binding", () => {
    db.prepare(
      `INSERT INTO orders (uuid, name, order_type, state, created, state_changed, version)
       VALUES ('h1', '5', 'ON_PREMISE', 'cleared', 10, 20, 4)`,
    ).run();
    const s = new CloudSyncStore(db);
    expect(s.bind(binding, 500)).toBe(1);
    expect(s.binding()).toEqual(binding);
    expect(s.batch(10).map((r) => [r.uuid, r.version])).toEqual([["h1", 4]]);
    expect(JSON.parse(s.batch(1)[0]?.body as string)).toMatchObject({ paged: false, orderType: "ON_PREMISE" });
    expect(s.unbind()).toBe(true);
    expect(s.unbind()).toBe(false);
    expect(s.stats().pending).toBe(0);
  });
});
