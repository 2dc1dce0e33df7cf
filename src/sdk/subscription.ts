// subscribe(): a WebSocket session (spec §4) that authenticates, keeps the active orders from the
// snapshot and deltas, resyncs on a seq gap, reconnects with jittered backoff, and asks for a new
// address (discovery) when the gateway stops answering where it was. Browser-safe.
import type { ActiveOrder, AuthFrame, FloorplanFrame, OrderEventFrame, SnapshotFrame } from "../protocol/wire.js";
import { WS_CLOSE, WS_FLOORPLAN_PARAM } from "../protocol/wire.js";
import { type BackoffOptions, backoffDelay, resolveBackoff } from "./backoff.js";
import { TrackerApiError } from "./errors.js";
import { isServerFrame, OrderBook } from "./order-book.js";
import { frameText, type SocketConstructor, type SocketFactory, type SocketLike } from "./socket.js";
import { normalizeBaseUrl, websocketUrl } from "./transport.js";

export type SubscriptionStatus = "connecting" | "open" | "reconnecting" | "closed";

export interface SubscriptionEvents {
  /** A fresh ACTIVE_ORDERS snapshot (on connect, reconnect and resync). */
  snapshot: SnapshotFrame;
  /** One applied delta, in seq order. */
  event: OrderEventFrame;
  /** The active orders after every snapshot or delta. */
  orders: ActiveOrder[];
  status: SubscriptionStatus;
  /** An error frame, a refused token, or a failed rediscovery. Fatal ones also close. */
  error: Error;
  /** A seq gap was seen; a new snapshot follows. */
  resync: { expected: number; received: number };
  /** Rediscovery found the gateway at a new base URL. */
  address: string;
  /** [opentt] The floor plan was saved (PUT /api/v2/floorplan); only with `floorplan: true`. */
  floorplan: FloorplanFrame;
}

export interface SubscribeOptions {
  /** e.g. `http://192.168.1.23:8000`; `""` in a page served by the gateway. */
  baseUrl: string;
  token: string;
  /** WebSocket constructor (default: the global one); the token is sent as the first frame. */
  WebSocket?: typeof WebSocket | SocketConstructor;
  /** Lower-level: opens a socket, possibly with header auth (the Node entry uses this). */
  connect?: SocketFactory;
  /** Reconnect delays (defaults: 500 ms doubling to 15 s, half of it random). */
  backoff?: BackoffOptions;
  /** Asked for the gateway's base URL after `rediscoverAfter` failed attempts in a row. */
  rediscover?: (current: string) => Promise<string | undefined>;
  /** Default 3. */
  rediscoverAfter?: number;
  /** Give up on an attempt with no snapshot after this many ms (default 10 000). */
  openTimeoutMs?: number;
  /**
   * [opentt] Also receive FLOORPLAN_CHANGED frames (the `floorplan` event). Off by default: an LRS
   * gateway does not know the opt-in and ignores it.
   */
  floorplan?: boolean;
}

export interface Subscription {
  readonly status: SubscriptionStatus;
  /** Current base URL (changes when rediscovery finds the gateway elsewhere). */
  readonly baseUrl: string;
  /** seq of the last applied frame; undefined before the first snapshot. */
  readonly seq: number | undefined;
  /** The active orders as last known; kept (stale) while reconnecting. */
  orders(): ActiveOrder[];
  on<K extends keyof SubscriptionEvents>(event: K, fn: (payload: SubscriptionEvents[K]) => void): () => void;
  /** Resolves once a snapshot has arrived; rejects if the session ends first or after timeoutMs. */
  ready(timeoutMs?: number): Promise<void>;
  /** Idempotent. */
  close(): void;
}

/** Client close code for "we are leaving on purpose" (resync, stalled attempt). */
const CLIENT_RETRY = 4000;
const NORMAL = 1000;

class WebSocketSession implements Subscription {
  readonly #book = new OrderBook();
  readonly #listeners = new Map<keyof SubscriptionEvents, Set<(p: never) => void>>();
  readonly #token: string;
  readonly #factory: SocketFactory;
  readonly #backoff: Required<BackoffOptions>;
  readonly #opts: SubscribeOptions;
  #baseUrl: string;
  #status: SubscriptionStatus = "connecting";
  #socket: SocketLike | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #failures = 0;
  #fatal: Error | undefined;

  constructor(opts: SubscribeOptions) {
    if (typeof opts.token !== "string" || opts.token === "") throw new TypeError("subscribe: token is required");
    if (opts.connect && opts.WebSocket) throw new TypeError("subscribe: pass either connect or WebSocket, not both");
    const after = opts.rediscoverAfter ?? 3;
    if (!(Number.isInteger(after) && after >= 1))
      throw new TypeError("subscribe: rediscoverAfter must be an integer of 1 or more");
    this.#opts = opts;
    this.#baseUrl = normalizeBaseUrl(opts.baseUrl);
    this.#token = opts.token;
    this.#backoff = resolveBackoff(opts.backoff);
    this.#factory = opts.connect ?? constructorFactory(opts.WebSocket);
    websocketUrl(this.#baseUrl); // throws now, not on the first attempt, when no URL can be made
  }

  get status() {
    return this.#status;
  }
  get baseUrl() {
    return this.#baseUrl;
  }
  get seq() {
    return this.#book.seq;
  }

  orders(): ActiveOrder[] {
    return this.#book.list();
  }

  on<K extends keyof SubscriptionEvents>(event: K, fn: (payload: SubscriptionEvents[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(fn as (p: never) => void);
    return () => set.delete(fn as (p: never) => void);
  }

  ready(timeoutMs = 15_000): Promise<void> {
    if (this.#status === "open") return Promise.resolve();
    if (this.#status === "closed") return Promise.reject(this.#fatal ?? new Error("subscription closed"));
    return new Promise((resolve, reject) => {
      const stop = [
        this.on("snapshot", () => done()),
        this.on("status", (s) => s === "closed" && done(this.#fatal ?? new Error("subscription closed"))),
      ];
      const timer = setTimeout(() => done(new Error(`no snapshot within ${timeoutMs} ms`)), timeoutMs);
      const done = (err?: Error) => {
        clearTimeout(timer);
        for (const s of stop) s();
        err ? reject(err) : resolve();
      };
    });
  }

  close(): void {
    if (this.#status === "closed") return;
    clearTimeout(this.#timer);
    this.#drop(NORMAL, "client closed");
    this.#setStatus("closed");
  }

  start(): this {
    this.#connect();
    return this;
  }

  #emit<K extends keyof SubscriptionEvents>(event: K, payload: SubscriptionEvents[K]): void {
    for (const fn of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (fn as (p: SubscriptionEvents[K]) => void)(payload);
      } catch (e) {
        // A listener's bug must not break the session; report it unless it came from an error listener.
        if (event !== "error") this.#emit("error", e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  #setStatus(s: SubscriptionStatus): void {
    if (this.#status === s) return;
    this.#status = s;
    this.#emit("status", s);
  }

  /** Forgets the current socket (its late events are ignored) and closes it. */
  #drop(code: number, reason: string): void {
    const s = this.#socket;
    this.#socket = undefined;
    if (!s) return;
    s.onopen = s.onmessage = s.onerror = null;
    s.onclose = null;
    try {
      s.close(code, reason);
    } catch {
      // Closing a socket that never opened may throw in some runtimes; it is gone either way.
    }
  }

  #connect(): void {
    if (this.#status === "closed") return;
    let socket: SocketLike;
    let headerAuth: boolean;
    try {
      const optIn = this.#opts.floorplan ? `?${WS_FLOORPLAN_PARAM}=true` : "";
      ({ socket, headerAuth } = this.#factory(websocketUrl(this.#baseUrl) + optIn, this.#token));
    } catch (e) {
      this.#emit("error", e instanceof Error ? e : new Error(String(e)));
      this.#retry();
      return;
    }
    this.#socket = socket;
    const stalled = setTimeout(() => {
      this.#drop(CLIENT_RETRY, "no snapshot in time");
      this.#retry();
    }, this.#opts.openTimeoutMs ?? 10_000);
    socket.onopen = () => {
      if (!headerAuth) socket.send(JSON.stringify({ accesstoken: this.#token } satisfies AuthFrame));
    };
    socket.onmessage = (ev) => {
      if (this.#socket !== socket) return;
      if (this.#onFrame(frameText(ev.data))) clearTimeout(stalled);
    };
    socket.onerror = () => {
      // A close event always follows; it carries what little the runtime tells us.
    };
    socket.onclose = (ev) => {
      clearTimeout(stalled);
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      // The gateway refused the token or our first frame: retrying cannot help (spec §4).
      if (ev.code === WS_CLOSE.INVALID_TOKEN || ev.code === WS_CLOSE.BAD_FRAME) {
        this.#fatal ??=
          ev.code === WS_CLOSE.INVALID_TOKEN
            ? TrackerApiError.fromCode("INVALID_TOKEN", ev.reason || "The gateway refused the access token")
            : TrackerApiError.fromCode("INVALID_JSON", ev.reason || "The gateway refused the first frame");
        this.#setStatus("closed");
        return;
      }
      this.#retry();
    };
  }

  /** Handles one text frame; true when a snapshot arrived. */
  #onFrame(text: string): boolean {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.#emit("error", new TrackerApiError("BAD_REPLY", "The gateway sent a frame that is not JSON"));
      return false;
    }
    if (msg && typeof msg === "object" && typeof (msg as { returnCode?: unknown }).returnCode === "number") {
      const env = msg as { returnCode: number; status?: unknown; message?: unknown };
      const err = TrackerApiError.fromEnvelope(env, typeof env.status === "number" ? env.status : 0);
      this.#fatal = err;
      this.#emit("error", err);
      return false;
    }
    if (isFloorplanFrame(msg)) {
      this.#emit("floorplan", msg);
      return false;
    }
    if (!isServerFrame(msg)) return false; // A frame type from a newer gateway: ignore it.
    const r = this.#book.apply(msg);
    switch (r.kind) {
      case "snapshot":
        this.#attempt = 0;
        this.#failures = 0;
        this.#setStatus("open");
        this.#emit("snapshot", r.frame);
        this.#emit("orders", this.#book.list());
        return true;
      case "event":
        this.#emit("event", r.frame);
        this.#emit("orders", this.#book.list());
        return false;
      case "gap":
        // Frames were lost; the snapshot of a new connection is the only complete picture.
        this.#emit("resync", { expected: r.expected, received: r.received });
        this.#drop(CLIENT_RETRY, "seq gap: resync");
        this.#setStatus("reconnecting");
        this.#connect();
        return false;
      default:
        return false;
    }
  }

  #retry(): void {
    if (this.#status === "closed") return;
    this.#setStatus(this.#book.seq === undefined ? "connecting" : "reconnecting");
    this.#failures++;
    const delay = backoffDelay(this.#attempt++, this.#backoff);
    const rediscover = this.#opts.rediscover;
    if (rediscover && this.#failures % (this.#opts.rediscoverAfter ?? 3) === 0) {
      const before = this.#baseUrl;
      rediscover(before)
        .then((url) => {
          if (url && normalizeBaseUrl(url) !== before && this.#status !== "closed") {
            this.#baseUrl = normalizeBaseUrl(url);
            this.#attempt = 0;
            this.#emit("address", this.#baseUrl);
          }
        })
        .catch((e) => this.#emit("error", e instanceof Error ? e : new Error(String(e))))
        .finally(() => this.#schedule(this.#baseUrl === before ? delay : 0));
      return;
    }
    this.#schedule(delay);
  }

  #schedule(delay: number): void {
    if (this.#status === "closed") return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#connect(), delay);
  }
}

function isFloorplanFrame(v: unknown): v is FloorplanFrame {
  const f = v as Partial<FloorplanFrame> | null;
  return f?.type === "FLOORPLAN_CHANGED" && typeof f.floorplan === "object" && f.floorplan !== null;
}

function constructorFactory(ctor: SubscribeOptions["WebSocket"]): SocketFactory {
  const C = (ctor ?? (globalThis as { WebSocket?: unknown }).WebSocket) as SocketConstructor | undefined;
  if (!C) throw new TypeError("no WebSocket: pass opts.WebSocket, or use the Node entry opentt/sdk/node");
  return (url) => ({ socket: new C(url), headerAuth: false });
}

/**
 * Opens a live view of the active orders: snapshot, then deltas, with resync and reconnect.
 *
 * @example
 * ```ts
 * const sub = subscribe({ baseUrl: "http://192.168.1.23:8000", token });
 * sub.on("orders", (orders) => render(orders));
 * sub.on("status", (s) => console.log("connection", s));
 * // later: sub.close();
 * ```
 */
export function subscribe(opts: SubscribeOptions): Subscription {
  return new WebSocketSession(opts).start();
}
