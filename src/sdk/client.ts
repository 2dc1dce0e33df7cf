// createClient(): one typed method per route of the API v2 contract (spec §1), plus the /sim
// routes of a simulated gateway. Each method unwraps the envelope to the data a caller wants.

import { returnCodes } from "../protocol/return-codes.js";
import type {
  ActiveOrder,
  CloudStatus,
  GatewaySettings,
  IssuedToken,
  RangeStatistics,
  RepeaterItem,
  SimClock,
  SimTracker,
  SimTrackerReply,
  Statistics,
  TokenInfo,
  TrackerItem,
  WebhookItem,
} from "../protocol/wire.js";
import { TrackerApiError } from "./errors.js";
import { type FetchLike, Transport } from "./transport.js";
import type {
  ApiInfo,
  CloudActivation,
  HistoryPage,
  HistoryQuery,
  RangeStatisticsQuery,
  UpsertOrderInput,
  UpsertResultKind,
} from "./types.js";

export interface ClientOptions {
  /** e.g. `http://192.168.1.23:8000`; `""` in a page served by the gateway means its own origin. */
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch | FetchLike;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
}

export interface SimControls {
  startTracker(n: string | number): Promise<SimTracker>;
  locateTracker(n: string | number, table: string | number): Promise<SimTracker>;
  clearTracker(n: string | number): Promise<SimTracker>;
  tracker(n: string | number): Promise<SimTracker>;
  pressButton(): Promise<{ windowSeconds: number }>;
  advanceClock(seconds: number): Promise<SimClock>;
  clock(): Promise<SimClock>;
}

export interface TrackerClient {
  readonly baseUrl: string;
  /** Switches the token used by later calls. */
  setToken(token: string | undefined): void;
  info(): Promise<ApiInfo>;
  generateToken(name?: string): Promise<IssuedToken>;
  listTokens(): Promise<TokenInfo[]>;
  createToken(name: string): Promise<IssuedToken>;
  revokeToken(name: string): Promise<void>;
  listOrders(): Promise<ActiveOrder[]>;
  getOrder(id: string): Promise<ActiveOrder>;
  upsertOrder(input: UpsertOrderInput): Promise<{ result: UpsertResultKind; order: ActiveOrder }>;
  clearOrder(id: string): Promise<ActiveOrder>;
  clearAllOrders(): Promise<number>;
  pageOrder(id: string, opts?: { tracking?: boolean }): Promise<ActiveOrder>;
  unpageOrder(id: string): Promise<{ canceled: boolean }>;
  history(query?: HistoryQuery): Promise<HistoryPage>;
  statistics(targetTime?: number): Promise<Statistics>;
  /**
   * [opentt] Orders and delivery times per hour and per table over `[from, to)`, gateway local
   * time, at most 92 days, computed by the gateway over every order in the range.
   *
   * @example
   * ```ts
   * const week = await client.statisticsRange({ from: "2026-11-23T00:00:00", to: "2026-11-30T00:00:00" });
   * console.log(week.orders, week.averageSeconds, week.hours.length); // 1234 287 168
   * ```
   */
  statisticsRange(query: RangeStatisticsQuery): Promise<RangeStatistics>;
  getSettings(): Promise<GatewaySettings>;
  /** Changes any subset and returns the settings as they now are. */
  updateSettings(patch: Partial<GatewaySettings>): Promise<GatewaySettings>;
  listWebhooks(): Promise<WebhookItem[]>;
  registerWebhook(url: string): Promise<void>;
  unregisterWebhook(url: string): Promise<void>;
  trackers(): Promise<TrackerItem[]>;
  clearTrackers(): Promise<void>;
  repeaters(refresh?: boolean): Promise<RepeaterItem[]>;
  clearRepeaters(): Promise<void>;
  /** Opens pairing for `timeout` seconds (0-254; 0 closes it). */
  beginPairing(timeout: number): Promise<{ enabled: boolean }>;
  endPairing(): Promise<void>;
  /** [opentt] The gateway's binding to an opentt cloud site and its upload state. */
  cloudStatus(): Promise<CloudStatus>;
  /**
   * [opentt] Binds the gateway to the cloud site a one-time device code names (or moves it there
   * when it is bound already). The gateway asks the cloud, so this may take up to ~15 s.
   *
   * @example
   * ```ts
   * const { result, cloud } = await client.activateCloud("KX7M-Q2PD", "https://cloud.example");
   * console.log(result, cloud.siteName); // "bound" "Downtown"
   * ```
   */
  activateCloud(deviceCode: string, cloudUrl: string): Promise<CloudActivation>;
  /** [opentt] Unbinds from the cloud; changes not uploaded yet are dropped. 404 when not bound. */
  unbindCloud(): Promise<void>;
  /** Presses the button through POST /admin/button: only from the gateway's own machine. */
  pressButton(): Promise<{ windowSeconds: number }>;
  /** The simulated floor (gateways started with `--sim`). */
  readonly sim: SimControls;
}

const UPSERT_RESULTS: Record<number, UpsertResultKind> = {
  [returnCodes.ORDER_CREATED.returnCode]: "created",
  [returnCodes.ORDER_MODIFIED.returnCode]: "modified",
  [returnCodes.ORDER_ALREADY_STARTED.returnCode]: "alreadyStarted",
  [returnCodes.ORDER_ALREADY_LOCATED.returnCode]: "alreadyLocated",
};

const seg = (id: string | number) => encodeURIComponent(String(id));

/**
 * A typed client for one gateway.
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl: "http://192.168.1.23:8000", token });
 * const { result, order } = await client.upsertOrder({ name: "42", orderType: "ON_PREMISE" });
 * console.log(result, order.uuid); // "created" 3f2b8c1e-…
 * ```
 */
export function createClient(opts: ClientOptions): TrackerClient {
  const t = new Transport({ ...opts, fetch: opts.fetch as FetchLike | undefined });
  const get = (path: string, query?: Record<string, string | number | boolean | undefined>, auth = true) =>
    t.request({ method: "GET", path, query, auth });
  const post = (path: string, body?: unknown, auth = true) => t.request({ method: "POST", path, body, auth });
  const del = (path: string, body?: unknown) => t.request({ method: "DELETE", path, body });
  const cloud = (env: Record<string, unknown>) => env.cloud as CloudStatus;
  const order = (env: Record<string, unknown>) => env.activeorder as ActiveOrder;

  // The sim routes answer loopback callers without a token; send it when we have one.
  const simAuth = () => t.token !== undefined;
  const simTracker = (env: Record<string, unknown>): SimTracker => {
    const tracker = (env as Partial<SimTrackerReply>).tracker;
    // A gateway from before the tracker moved under `tracker` spread it over the envelope.
    if (!tracker || typeof tracker !== "object") {
      throw new TrackerApiError("BAD_REPLY", "The /sim reply carries no tracker: update the gateway", {
        status: Number(env.status) || 0,
      });
    }
    return tracker;
  };

  const sim: SimControls = {
    startTracker: async (n) => simTracker(await post(`/sim/trackers/${seg(n)}/start`, undefined, simAuth())),
    locateTracker: async (n, table) =>
      simTracker(await post(`/sim/trackers/${seg(n)}/locate`, { table: String(table) }, simAuth())),
    clearTracker: async (n) => simTracker(await post(`/sim/trackers/${seg(n)}/clear`, undefined, simAuth())),
    tracker: async (n) => simTracker(await get(`/sim/trackers/${seg(n)}`, undefined, simAuth())),
    pressButton: async () => ({ windowSeconds: Number((await post("/sim/button", undefined, false)).windowSeconds) }),
    advanceClock: async (seconds) =>
      (await post("/sim/clock", { advanceSeconds: seconds }, simAuth())).clock as SimClock,
    clock: async () => (await get("/sim/clock", undefined, simAuth())).clock as SimClock,
  };

  return {
    get baseUrl() {
      return t.baseUrl;
    },
    setToken(token) {
      t.token = token;
    },
    async info() {
      const env = await get("/api/v2", undefined, false);
      return { api: env.api as ApiInfo["api"], gateway: env.gateway as ApiInfo["gateway"] };
    },
    async generateToken(name) {
      return (await get("/api/v2/accesstoken/generate", { name }, false)).token as IssuedToken;
    },
    async listTokens() {
      return (await get("/api/v2/accesstoken")).items as TokenInfo[];
    },
    async createToken(name) {
      return (await post("/api/v2/accesstoken", { name })).token as IssuedToken;
    },
    async revokeToken(name) {
      await del(`/api/v2/accesstoken/${seg(name)}`);
    },
    async listOrders() {
      return (await get("/api/v2/activeorders")).items as ActiveOrder[];
    },
    async getOrder(id) {
      return order(await get(`/api/v2/activeorders/${seg(id)}`));
    },
    async upsertOrder(input) {
      const body: Record<string, string> = { name: input.name };
      if (input.orderType !== undefined) body.orderType = input.orderType;
      if (input.locationName !== undefined) body.locationName = input.locationName;
      const env = await post("/api/v2/activeorders", body);
      const result = UPSERT_RESULTS[env.returnCode];
      if (!result)
        throw new TrackerApiError("BAD_REPLY", `Unexpected returnCode ${env.returnCode} for an order upsert`, {
          returnCode: env.returnCode,
        });
      return { result, order: order(env) };
    },
    async clearOrder(id) {
      return order(await del(`/api/v2/activeorders/${seg(id)}`));
    },
    async clearAllOrders() {
      return Number((await del("/api/v2/activeorders")).count);
    },
    async pageOrder(id, pageOpts = {}) {
      const body = pageOpts.tracking === undefined ? undefined : { tracking: pageOpts.tracking };
      return order(await post(`/api/v2/activeorders/${seg(id)}/page`, body));
    },
    async unpageOrder(id) {
      // Canceled, or nothing was paging: both 200 (spec §1).
      const env = await del(`/api/v2/activeorders/${seg(id)}/page`);
      return { canceled: env.returnCode === returnCodes.PAGING_CANCELED.returnCode };
    },
    async history(q = {}) {
      const env = await get("/api/v2/orders", {
        offset: q.offset,
        limit: q.limit,
        created_after: q.createdAfter,
        created_before: q.createdBefore,
        order_type: q.orderType,
        location_name: q.locationName,
      });
      return { count: Number(env.count), total: Number(env.total), items: env.items as HistoryPage["items"] };
    },
    async statistics(targetTime) {
      return (await get("/api/v2/statistics", { target_time: targetTime })).statistics as Statistics;
    },
    async statisticsRange(q) {
      const env = await get("/api/v2/statistics/range", { from: q.from, to: q.to, target_time: q.targetTime });
      return env.range as RangeStatistics;
    },
    async getSettings() {
      return (await get("/api/v2/gateway/settings")).settings as GatewaySettings;
    },
    async updateSettings(patch) {
      await post("/api/v2/gateway/settings", patch);
      return (await get("/api/v2/gateway/settings")).settings as GatewaySettings;
    },
    async listWebhooks() {
      return (await get("/api/v2/register")).items as WebhookItem[];
    },
    async registerWebhook(url) {
      await post("/api/v2/register", { http_client: url });
    },
    async unregisterWebhook(url) {
      await del("/api/v2/register", { http_client: url });
    },
    async trackers() {
      return (await get("/api/v2/trackers")).items as TrackerItem[];
    },
    async clearTrackers() {
      await del("/api/v2/trackers");
    },
    async repeaters(refresh) {
      return (await get("/api/v2/repeaters", { refresh })).repeaters as RepeaterItem[];
    },
    async clearRepeaters() {
      await del("/api/v2/repeaters");
    },
    async beginPairing(timeout) {
      // A timeout of 0 answers "pairing disabled" (spec §1).
      const env = await post("/api/v2/repeaters/beginPairing", { timeout });
      return { enabled: env.returnCode === returnCodes.PAIRING_ENABLED.returnCode };
    },
    async endPairing() {
      await post("/api/v2/repeaters/endPairing");
    },
    async cloudStatus() {
      return cloud(await get("/api/v2/cloud"));
    },
    async activateCloud(deviceCode, cloudUrl) {
      // The gateway waits up to 15 s for the cloud's answer before it answers us.
      const env = await t.request({
        method: "POST",
        path: "/api/v2/cloud/activate",
        body: { deviceCode, cloud: cloudUrl },
        timeoutMs: Math.max(opts.timeoutMs ?? 10_000, 20_000),
      });
      const moved = env.returnCode === returnCodes.DEVICE_CODE_ACTIVATED.returnCode;
      return { result: moved ? "moved" : "bound", cloud: cloud(env) };
    },
    async unbindCloud() {
      await del("/api/v2/cloud");
    },
    async pressButton() {
      return { windowSeconds: Number((await post("/admin/button", undefined, false)).windowSeconds) };
    },
    sim,
  };
}
