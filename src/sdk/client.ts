// createClient(): one typed method per route of the API v2 contract (spec §1), plus the /sim
// routes of a simulated gateway. Each method unwraps the envelope to the data a caller wants.

import type { RadioStatus } from "../protocol/radio.js";
import type { RouteReply } from "../protocol/replies.js";
import { returnCodes } from "../protocol/return-codes.js";
import type {
  ActiveOrder,
  CloudStatus,
  FloorPlan,
  GatewaySettings,
  IssuedToken,
  RangeStatistics,
  RepeaterItem,
  SimClock,
  SimTracker,
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
  /** [opentt] The attached radio: kind, online, since when, and its last error (radio.md §5). */
  radio(): Promise<RadioStatus>;
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
  /** [opentt] The kitchen's bump: the order gains `readyTime` (and is paged if the setting says so). */
  markReady(id: string): Promise<ActiveOrder>;
  /** [opentt] Undoes markReady. */
  unmarkReady(id: string): Promise<ActiveOrder>;
  /** [opentt] The floor plan; version 0 and no tables until first saved. */
  getFloorplan(): Promise<FloorPlan>;
  /** [opentt] Saves over the version read; a stale version rejects with status 409 (-36). */
  saveFloorplan(plan: FloorPlan): Promise<FloorPlan>;
  /** The simulated floor (gateways started with `--sim`). */
  readonly sim: SimControls;
}

const UPSERT_RESULTS: Record<number, UpsertResultKind> = {
  [returnCodes.ORDER_CREATED.returnCode]: "created",
  [returnCodes.ORDER_MODIFIED.returnCode]: "modified",
  [returnCodes.ORDER_ALREADY_STARTED.returnCode]: "alreadyStarted",
  [returnCodes.ORDER_ALREADY_LOCATED.returnCode]: "alreadyLocated",
};

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
  const id = (v: string | number) => ({ id: v });

  // The sim routes answer loopback callers without a token; send it when we have one.
  const simAuth = () => t.token !== undefined;
  // SIM_STATE carries the tracker under `tracker`, or the clock under `clock`.
  const tracker = (env: RouteReply<"GET /sim/trackers/:n">): SimTracker => {
    // A gateway from before the tracker moved under `tracker` spread it over the envelope.
    if (!("tracker" in env) || !env.tracker || typeof env.tracker !== "object") {
      throw new TrackerApiError("BAD_REPLY", "The /sim reply carries no tracker: update the gateway", {
        status: Number(env.status) || 0,
      });
    }
    return env.tracker;
  };
  const simClock = (env: RouteReply<"GET /sim/clock">): SimClock => {
    const clock = "clock" in env ? env.clock : undefined;
    if (!clock) throw new TrackerApiError("BAD_REPLY", "The gateway answered without its clock");
    return clock;
  };
  const n = (v: string | number) => ({ params: { n: v }, auth: simAuth() });

  const sim: SimControls = {
    startTracker: async (v) => tracker(await t.call("POST /sim/trackers/:n/start", n(v))),
    locateTracker: async (v, table) =>
      tracker(await t.call("POST /sim/trackers/:n/locate", { ...n(v), body: { table: String(table) } })),
    clearTracker: async (v) => tracker(await t.call("POST /sim/trackers/:n/clear", n(v))),
    tracker: async (v) => tracker(await t.call("GET /sim/trackers/:n", n(v))),
    pressButton: async () => ({ windowSeconds: (await t.call("POST /sim/button", { auth: false })).windowSeconds }),
    advanceClock: async (seconds) =>
      simClock(await t.call("POST /sim/clock", { body: { advanceSeconds: seconds }, auth: simAuth() })),
    clock: async () => simClock(await t.call("GET /sim/clock", { auth: simAuth() })),
  };

  return {
    get baseUrl() {
      return t.baseUrl;
    },
    setToken(token) {
      t.token = token;
    },
    async info() {
      const { api, gateway } = await t.call("GET /api/v2", { auth: false });
      return { api, gateway };
    },
    async generateToken(name) {
      return (await t.call("GET /api/v2/accesstoken/generate", { query: { name }, auth: false })).token;
    },
    async listTokens() {
      return (await t.call("GET /api/v2/accesstoken")).items;
    },
    async createToken(name) {
      return (await t.call("POST /api/v2/accesstoken", { body: { name } })).token;
    },
    async revokeToken(name) {
      await t.call("DELETE /api/v2/accesstoken/:name", { params: { name } });
    },
    async listOrders() {
      return (await t.call("GET /api/v2/activeorders")).items;
    },
    async getOrder(v) {
      return (await t.call("GET /api/v2/activeorders/:id", { params: id(v) })).activeorder;
    },
    async upsertOrder(input) {
      const body: Record<string, string> = { name: input.name };
      if (input.orderType !== undefined) body.orderType = input.orderType;
      if (input.locationName !== undefined) body.locationName = input.locationName;
      const env = await t.call("POST /api/v2/activeorders", { body });
      const result = UPSERT_RESULTS[env.returnCode];
      if (!result)
        throw new TrackerApiError("BAD_REPLY", `Unexpected returnCode ${env.returnCode} for an order upsert`, {
          returnCode: env.returnCode,
        });
      return { result, order: env.activeorder };
    },
    async clearOrder(v) {
      return (await t.call("DELETE /api/v2/activeorders/:id", { params: id(v) })).activeorder;
    },
    async clearAllOrders() {
      return (await t.call("DELETE /api/v2/activeorders")).count;
    },
    async pageOrder(v, pageOpts = {}) {
      const body = pageOpts.tracking === undefined ? undefined : { tracking: pageOpts.tracking };
      return (await t.call("POST /api/v2/activeorders/:id/page", { params: id(v), body })).activeorder;
    },
    async unpageOrder(v) {
      // Canceled, or nothing was paging: both 200 (spec §1).
      const env = await t.call("DELETE /api/v2/activeorders/:id/page", { params: id(v) });
      return { canceled: env.returnCode === returnCodes.PAGING_CANCELED.returnCode };
    },
    async history(q = {}) {
      const query = {
        offset: q.offset,
        limit: q.limit,
        created_after: q.createdAfter,
        created_before: q.createdBefore,
        order_type: q.orderType,
        location_name: q.locationName,
      };
      const { count, total, items } = await t.call("GET /api/v2/orders", { query });
      return { count, total, items };
    },
    async statistics(targetTime) {
      return (await t.call("GET /api/v2/statistics", { query: { target_time: targetTime } })).statistics;
    },
    async statisticsRange(q) {
      const query = { from: q.from, to: q.to, target_time: q.targetTime };
      return (await t.call("GET /api/v2/statistics/range", { query })).range;
    },
    async getSettings() {
      return (await t.call("GET /api/v2/gateway/settings")).settings;
    },
    async updateSettings(patch) {
      await t.call("POST /api/v2/gateway/settings", { body: patch });
      return (await t.call("GET /api/v2/gateway/settings")).settings;
    },
    async listWebhooks() {
      return (await t.call("GET /api/v2/register")).items;
    },
    async registerWebhook(url) {
      await t.call("POST /api/v2/register", { body: { http_client: url } });
    },
    async unregisterWebhook(url) {
      await t.call("DELETE /api/v2/register", { body: { http_client: url } });
    },
    async trackers() {
      return (await t.call("GET /api/v2/trackers")).items;
    },
    async clearTrackers() {
      await t.call("DELETE /api/v2/trackers");
    },
    async repeaters(refresh) {
      return (await t.call("GET /api/v2/repeaters", { query: { refresh } })).repeaters;
    },
    async clearRepeaters() {
      await t.call("DELETE /api/v2/repeaters");
    },
    async beginPairing(timeout) {
      // A timeout of 0 answers "pairing disabled" (spec §1).
      const env = await t.call("POST /api/v2/repeaters/beginPairing", { body: { timeout } });
      return { enabled: env.returnCode === returnCodes.PAIRING_ENABLED.returnCode };
    },
    async endPairing() {
      await t.call("POST /api/v2/repeaters/endPairing");
    },
    async radio() {
      return (await t.call("GET /api/v2/radio")).radio;
    },
    async cloudStatus() {
      return (await t.call("GET /api/v2/cloud")).cloud;
    },
    async activateCloud(deviceCode, cloudUrl) {
      // The gateway waits up to 15 s for the cloud's answer before it answers us.
      const env = await t.call("POST /api/v2/cloud/activate", {
        body: { deviceCode, cloud: cloudUrl },
        timeoutMs: Math.max(opts.timeoutMs ?? 10_000, 20_000),
      });
      const moved = env.returnCode === returnCodes.DEVICE_CODE_ACTIVATED.returnCode;
      return { result: moved ? "moved" : "bound", cloud: env.cloud };
    },
    async unbindCloud() {
      await t.call("DELETE /api/v2/cloud");
    },
    async pressButton() {
      return { windowSeconds: (await t.call("POST /admin/button", { auth: false })).windowSeconds };
    },
    async markReady(v) {
      return (await t.call("POST /api/v2/activeorders/:id/ready", { params: id(v) })).activeorder;
    },
    async unmarkReady(v) {
      return (await t.call("DELETE /api/v2/activeorders/:id/ready", { params: id(v) })).activeorder;
    },
    async getFloorplan() {
      return (await t.call("GET /api/v2/floorplan")).floorplan;
    },
    async saveFloorplan(plan) {
      return (await t.call("PUT /api/v2/floorplan", { body: { floorplan: plan } })).floorplan;
    },
    sim,
  };
}
