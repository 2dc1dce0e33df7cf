// One HTTP exchange with the gateway: URL building, the bearer header, JSON in and out, and the
// error envelope turned into a TrackerApiError. Browser-safe: only fetch and URL.
import type { RouteKey, RouteReply } from "../protocol/replies.js";
import { WS_PATH } from "../protocol/wire.js";
import { TrackerApiError } from "./errors.js";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  baseUrl: string;
  token?: string;
  fetch?: FetchLike;
  /** Per-request timeout; the gateway answers in milliseconds, so a silent one is gone. */
  timeoutMs?: number;
}

export interface RequestSpec {
  method: "GET" | "POST" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Send the bearer token (default true). */
  auth?: boolean;
  signal?: AbortSignal;
  /** This request's timeout in ms, when it may take longer than the client's (default its timeoutMs). */
  timeoutMs?: number;
}

/** One call of a route of protocol/replies.ts: `:name` segments come from `params`. */
export type CallSpec = Omit<RequestSpec, "method" | "path"> & { params?: Record<string, string | number> };

/** A reply envelope (spec §0): `status`, `returnCode`, then the route's fields. */
export type Envelope = Record<string, unknown> & { returnCode: number };

/**
 * `http://host:8000/` and `host:8000` both become `http://host:8000`; "" stays (same origin).
 *
 * @example
 * ```ts
 * normalizeBaseUrl("192.168.1.23:8000/"); // "http://192.168.1.23:8000"
 * ```
 */
export function normalizeBaseUrl(baseUrl: string): string {
  let u = baseUrl.trim().replace(/\/+$/, "");
  if (u && !/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) u = `http://${u}`;
  return u.replace(/\/api\/v2$/, "");
}

/**
 * The WebSocket URL (spec §4) for a base URL; "" means the page's own origin in a browser.
 *
 * @example
 * ```ts
 * websocketUrl("http://192.168.1.23:8000"); // "ws://192.168.1.23:8000/api/v2/websocket"
 * ```
 */
export function websocketUrl(baseUrl: string): string {
  let base = normalizeBaseUrl(baseUrl);
  if (!base) {
    const loc = (globalThis as { location?: { origin: string } }).location;
    if (!loc) throw new TypeError("baseUrl is required outside a browser page");
    base = loc.origin;
  }
  return `${base.replace(/^http/i, "ws")}${WS_PATH}`;
}

export class Transport {
  baseUrl: string;
  token: string | undefined;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;

  constructor(opts: TransportOptions) {
    if (typeof opts.baseUrl !== "string")
      throw new TypeError("baseUrl must be a string such as http://192.168.1.23:8000");
    this.baseUrl = normalizeBaseUrl(opts.baseUrl);
    this.token = opts.token;
    const f = opts.fetch ?? (globalThis.fetch as FetchLike | undefined);
    if (!f) throw new TypeError("no fetch: pass opts.fetch on runtimes without a global fetch");
    // Unbound, a browser's fetch throws "Illegal invocation".
    this.#fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
  }

  url(path: string, query?: RequestSpec["query"]): string {
    const q = Object.entries(query ?? {}).filter(
      (kv): kv is [string, string | number | boolean] => kv[1] !== undefined,
    );
    const qs = q.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join("&");
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ""}`;
  }

  /**
   * Calls a route of the contract; the reply is typed by the route's codes (protocol/replies.ts).
   * The gateway is trusted to keep its contract: the reply is not checked field by field.
   */
  async call<R extends RouteKey>(route: R, spec: CallSpec = {}): Promise<RouteReply<R>> {
    const [method, template] = route.split(" ") as [RequestSpec["method"], string];
    const path = template.replace(/:([A-Za-z_]+)/g, (_, k: string) => encodeURIComponent(String(spec.params?.[k])));
    return (await this.request({ ...spec, method, path })) as unknown as RouteReply<R>;
  }

  /** Sends one request; resolves with the success envelope, throws TrackerApiError otherwise. */
  async request(spec: RequestSpec): Promise<Envelope> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (spec.auth !== false) {
      if (!this.token)
        throw TrackerApiError.fromCode(
          "INVALID_TOKEN",
          "No access token: pass one to createClient() or acquire one with acquireToken()",
          { status: 0 },
        );
      headers.authorization = `Bearer ${this.token}`;
    }
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers["content-type"] = "application/json";
    }
    const url = this.url(spec.path, spec.query);
    const timeoutMs = spec.timeoutMs ?? this.#timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = spec.signal ? anySignal([spec.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(url, { method: spec.method, headers, body, signal });
      text = await res.text();
    } catch (e) {
      // The caller's own abort is theirs to handle; every other failure means "not reachable".
      if (spec.signal?.aborted) throw spec.signal.reason;
      const why = timeout.aborted ? `no answer within ${timeoutMs} ms` : fetchFailure(e);
      throw new TrackerApiError("UNREACHABLE", `Cannot reach the gateway at ${this.baseUrl || "this origin"}: ${why}`, {
        cause: e,
      });
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== "object" || typeof (parsed as Envelope).returnCode !== "number") {
      throw new TrackerApiError("BAD_REPLY", `Not a Table Tracker API v2 reply from ${url} (HTTP ${res.status})`, {
        status: res.status,
      });
    }
    const env = parsed as Envelope;
    if (!res.ok || env.returnCode < 0) throw TrackerApiError.fromEnvelope(env, res.status);
    return env;
  }
}

/** What went wrong under fetch's own "fetch failed": the socket's error (connect ECONNREFUSED …). */
function fetchFailure(e: unknown): string {
  let err = e as { message?: string; code?: string; cause?: unknown; errors?: unknown[] } | undefined;
  while (err?.cause && typeof err.cause === "object") err = err.cause as typeof err;
  // "localhost" tries ::1 and 127.0.0.1: both failures come as one AggregateError with no message.
  if (!err?.message && err?.errors?.[0]) err = err.errors[0] as typeof err;
  return err?.message || err?.code || String(e);
}

/** AbortSignal.any is Node 20.3+ and recent browsers; this covers the rest. */
function anySignal(signals: AbortSignal[]): AbortSignal {
  const any = (AbortSignal as unknown as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (any) return any(signals);
  const c = new AbortController();
  for (const s of signals) {
    if (s.aborted) return AbortSignal.abort(s.reason);
    s.addEventListener("abort", () => c.abort(s.reason), { once: true });
  }
  return c.signal;
}
