// The page cache is the gateway memory that grows with the history (bench/README-soak.md): its
// bound is ours, not whatever the SQLite build defaults to.
import { describe, expect, it } from "vitest";
import { openDatabase, PAGE_CACHE_KIB } from "./sqlite-store.js";

describe("openDatabase", () => {
  it("bounds the SQLite page cache at PAGE_CACHE_KIB and maps no file memory", () => {
    const db = openDatabase({ dataDir: ":memory:" });
    expect(db.pragma("cache_size", { simple: true })).toBe(-PAGE_CACHE_KIB);
    expect(db.pragma("mmap_size", { simple: true }) ?? 0).toBe(0);
    db.close();
  });
});
