// Group commit (issue 21.3): changes queued in one turn share one transaction; nothing is
// published before its commit; a failed commit fails every change of the group and leaves
// memory (orders, seq, trackers, radio) as it was, including changes that depended on earlier
// ones of the same group; a change refused by the rules fails alone.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { domainKit } from "../../test/helpers/domain.js";
import { TrackerError } from "../protocol/tracker-error.js";
import { openDatabase, SqliteStore } from "../store/sqlite-store.js";

const byName = (name: string) => ({ by: "name" as const, name });
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileKit() {
  const dir = mkdtempSync(path.join(tmpdir(), "opentt-group-"));
  dirs.push(dir);
  return domainKit({ store: new SqliteStore(openDatabase({ dataDir: dir })) });
}

/** Counts the groups the store commits. */
function countGroups(store: SqliteStore): { groups: number[] } {
  const seen = { groups: [] as number[] };
  const group = store.group.bind(store);
  store.group = (fn) =>
    group(() => {
      const n = fn();
      seen.groups.push(n);
      return n;
    });
  return seen;
}

const diskSeq = (store: SqliteStore) =>
  Number(
    (store.db.prepare("SELECT value FROM meta WHERE key = 'seq'").get() as { value: string } | undefined)?.value ?? 0,
  );
const diskOrders = (store: SqliteStore) =>
  (store.db.prepare("SELECT count(*) AS n FROM orders").get() as { n: number }).n;

describe("group commit", () => {
  it("changes queued in one turn commit in one transaction, and their events follow the commit", async () => {
    const k = fileKit();
    const groups = countGroups(k.store);
    // Every event finds its change, and its seq, already on disk and the transaction closed.
    const atEvent: Array<[number, boolean, number]> = [];
    k.events.on("order", (e) => atEvent.push([e.seq, k.store.db.inTransaction, diskSeq(k.store)]));
    const pending = [
      k.orders.grouped(() => k.orders.upsert({ name: "1", orderType: "TO_GO" })),
      k.orders.grouped(() => k.orders.upsert({ name: "2", orderType: "TO_GO" })),
      // Depends on the first change of the same group: it sees it.
      k.orders.grouped(() => k.orders.upsert({ name: "1", locationName: "4" })),
      k.orders.grouped(() => k.orders.clear(byName("2"), "MANAGER_OVERRIDE")),
    ];
    // Nothing is visible before the commit.
    expect(k.orders.count).toBe(0);
    expect(k.orders.seq).toBe(0);
    const [a, b, c] = (await Promise.all(pending.slice(0, 3))) as Array<{ result: string }>;
    const d = await pending[3];
    expect(groups.groups).toEqual([4]);
    expect(a?.result).toBe("ORDER_CREATED");
    expect(b?.result).toBe("ORDER_CREATED");
    expect(c).toMatchObject({ result: "ORDER_MODIFIED", order: { state: "located", locationName: "4" } });
    expect(d).toMatchObject({ name: "2", state: "cleared" });
    expect(atEvent).toEqual([
      [1, false, 4],
      [2, false, 4],
      [3, false, 4],
      [4, false, 4],
    ]);
    expect(k.orders.list().map((o) => o.name)).toEqual(["1"]);
  });

  it("a change refused by the rules fails alone; the others of its group commit", async () => {
    const k = domainKit();
    const results = await Promise.allSettled([
      k.orders.grouped(() => k.orders.upsert({ name: "1", orderType: "TO_GO" })),
      k.orders.grouped(() => k.orders.upsert({ name: "2" })), // no orderType: -11
      k.orders.grouped(() => k.orders.clear(byName("9"), "MANAGER_OVERRIDE")), // not found
      k.orders.grouped(() => k.orders.upsert({ name: "3", orderType: "TO_GO" })),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(TrackerError);
    expect(k.seen.map((e) => [e.seq, e.order.name])).toEqual([
      [1, "1"],
      [2, "3"],
    ]);
  });

  it("a commit that fails fails every change of the group, dependent ones too, and moves nothing in memory", async () => {
    const k = fileKit();
    k.trackers.report("5", "located", { locationName: "3" });
    await k.orders.grouped(() => k.orders.upsert({ name: "5", orderType: "TO_GO", locationName: "3" }));
    await k.orders.grouped(() => k.orders.upsert({ name: "6", orderType: "TO_GO" }));
    const before = { list: k.orders.list(), seq: k.orders.seq, rows: diskOrders(k.store), disk: diskSeq(k.store) };
    const events = k.seen.length;
    // Every write succeeds, then the COMMIT itself fails (as a full disk or an I/O error would).
    const group = k.store.group.bind(k.store);
    k.store.group = (fn) =>
      group(() => {
        fn();
        throw Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_WRITE" });
      });
    const results = await Promise.allSettled([
      k.orders.grouped(() => k.orders.upsert({ name: "7", orderType: "TO_GO" })),
      k.orders.grouped(() => k.orders.upsert({ name: "7", locationName: "2" })), // depends on the create
      k.orders.grouped(() => k.orders.page(byName("5"), true)), // the tracker starts paging
      k.orders.grouped(() => k.orders.clear(byName("6"), "MANAGER_OVERRIDE")),
      k.orders.grouped(() => k.orders.upsert({ name: "8" })), // refused by the rules anyway
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected", "rejected", "rejected"]);
    for (const r of results.slice(0, 4)) {
      expect(((r as PromiseRejectedResult).reason as { code?: string }).code).toBe("SQLITE_IOERR_WRITE");
    }
    expect(k.orders.list()).toEqual(before.list);
    expect(k.orders.seq).toBe(before.seq);
    expect(k.orders.find(byName("7"))).toBeUndefined();
    expect(k.orders.find({ by: "uuid", uuid: (before.list[1] as { uuid: string }).uuid })?.name).toBe("6");
    expect(k.seen.length).toBe(events);
    expect([diskOrders(k.store), diskSeq(k.store)]).toEqual([before.rows, before.disk]);
    // The tracker is not paging, in memory or on the radio (which was told on, then off).
    const t = k.trackers.get("5");
    expect(t && k.trackers.isPaging(t)).toBe(false);
    expect(k.radio.calls.at(-1)).toEqual(["5", false]);

    // The disk is back: the same changes go through, numbered from where the disk is.
    k.store.group = group;
    const again = await k.orders.grouped(() => k.orders.upsert({ name: "7", orderType: "TO_GO" }));
    expect(again.result).toBe("ORDER_CREATED");
    expect(k.seen.at(-1)?.seq).toBe(before.seq + 1);
  });

  it("a real full disk mid-group fails the whole group, on disk and in memory", async () => {
    const k = fileKit();
    await k.orders.grouped(() => k.orders.upsert({ name: "1", orderType: "TO_GO" }));
    const pages = k.store.db.pragma("page_count", { simple: true }) as number;
    k.store.db.pragma(`max_page_count = ${pages}`);
    const names = Array.from({ length: 400 }, (_, i) => String(100 + i));
    const results = await Promise.allSettled(
      names.map((name) => k.orders.grouped(() => k.orders.upsert({ name, orderType: "TO_GO", locationName: "12" }))),
    );
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(((results[0] as PromiseRejectedResult).reason as { code?: string }).code).toBe("SQLITE_FULL");
    expect(k.orders.list().map((o) => o.name)).toEqual(["1"]);
    expect(k.orders.seq).toBe(1);
    expect([diskOrders(k.store), diskSeq(k.store)]).toEqual([1, 1]);
  });

  it("a direct change (the floor, the clock) goes after the queued ones and sees them", async () => {
    const k = domainKit();
    const queued = k.orders.grouped(() => k.orders.upsert({ name: "4", orderType: "TO_GO" }));
    // A tracker reports the same order started before the group's turn came: no second order.
    k.orders.trackerStarted("4", "ON_PREMISE");
    k.orders.trackerLocated("4", "9", "ON_PREMISE");
    expect((await queued).result).toBe("ORDER_CREATED");
    expect(k.orders.list().map((o) => [o.name, o.orderType, o.locationName])).toEqual([["4", "TO_GO", "9"]]);
    expect(k.seen.map((e) => [e.seq, e.type])).toEqual([
      [1, "ORDER_CREATED"],
      [2, "ORDER_MODIFIED"],
    ]);
  });
});
