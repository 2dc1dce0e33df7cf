// What the domain needs from persistence. src/store implements it on SQLite; the domain
// never sees SQL, and tests may hand it any implementation.
import type { GatewaySettings } from "../protocol/wire.js";
import type {
  ClearedRow,
  HistoryQuery,
  OrderRecord,
  RangeRow,
  TokenRecord,
  TrackerRecord,
  WebhookRecord,
} from "./records.js";

interface OrderStore {
  loadActive(): OrderRecord[];
  /** Inserts and returns the row id. */
  insert(order: Omit<OrderRecord, "id">): number;
  update(order: OrderRecord): void;
  history(q: HistoryQuery): { items: OrderRecord[]; total: number };
  /**
   * [opentt] The next `limit` orders matching the filters after `after` (newest first; null: from
   * the newest): keyset pages, each a short query, so an export of any size holds the connection
   * for one page at a time and never more than one page in memory.
   */
  historyAfter(
    q: Omit<HistoryQuery, "offset" | "limit">,
    after: { created: number; id: number } | null,
    limit: number,
  ): OrderRecord[];
  /**
   * Orders cleared in [from, to), streamed like rangeRows: a busy day is thousands of rows, and
   * an array of them all would outlive V8's young generation on every statistics request.
   * Consume it fully before the next store call: the connection refuses writes while it is open.
   */
  clearedBetween(from: number, to: number): Iterable<ClearedRow>;
  /**
   * Orders created or cleared in [from, to), streamed: the caller folds them as they come, so a
   * long range never sits in memory. Consume it fully before the next store call.
   */
  rangeRows(from: number, to: number): Iterable<RangeRow>;
  purgeCreatedBefore(ms: number): number;
  latestByName(name: string): OrderRecord | undefined;
}

interface TokenStore {
  loadAll(): TokenRecord[];
  insert(t: TokenRecord): void;
  delete(name: string): void;
  touch(entries: Array<{ name: string; lastUsed: number; ipAddress: string }>): void;
}

interface TrackerStore {
  loadAll(): TrackerRecord[];
  upsert(t: TrackerRecord): void;
  clear(): void;
}

export interface MetaStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

interface SettingsStore {
  load(): Partial<GatewaySettings>;
  save(values: Partial<GatewaySettings>): void;
}

interface WebhookStore {
  list(): WebhookRecord[];
  add(url: string, now: number): boolean;
  remove(url: string): boolean;
  /** Queue one body for every registered URL, in the caller's transaction. */
  enqueueAll(body: string, now: number): void;
}

/** [opentt] The floor plan: one JSON document and its version (0: never saved). */
export interface FloorplanStore {
  load(): { version: number; body: string };
  /** Saves as `expected + 1` only if the stored version is still `expected`; false otherwise. */
  save(expected: number, body: string): boolean;
}

export interface Store {
  readonly orders: OrderStore;
  readonly tokens: TokenStore;
  readonly trackers: TrackerStore;
  readonly meta: MetaStore;
  readonly settings: SettingsStore;
  readonly webhooks: WebhookStore;
  /** [opentt] Tokens of the inbound ready webhook: same shape as access tokens, another table. */
  readonly hookTokens: TokenStore;
  readonly floorplan: FloorplanStore;
  /** Runs fn in one durable transaction; everything it writes commits or nothing does. */
  transaction<T>(fn: () => T): T;
  /**
   * Group commit: one transaction (one WAL write) for several domain changes, each of which runs
   * its own transaction() inside as a savepoint. `fn` returns how many changes it holds.
   */
  group(fn: () => number): void;
}
