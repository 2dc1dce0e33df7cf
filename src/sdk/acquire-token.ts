// acquireToken(): the button-press dance of spec §9. Polls GET /accesstoken/generate while the
// window is closed (403, -3), backing off, telling the caller to press the button, until a
// token arrives or the caller aborts. Any other refusal (a bad or taken name) ends it at once.
import type { IssuedToken } from "../protocol/wire.js";
import { type BackoffOptions, backoffDelay, resolveBackoff } from "./backoff.js";
import { createClient } from "./client.js";
import { isTrackerApiError } from "./errors.js";
import type { FetchLike } from "./transport.js";

export interface WaitingInfo {
  /** 1 for the first refusal. */
  attempt: number;
  /** When the next try happens. */
  nextRetryMs: number;
  /** Why we wait: the window is closed, or the gateway did not answer. */
  reason: "TOKEN_WINDOW_CLOSED" | "UNREACHABLE";
}

export interface AcquireTokenOptions {
  baseUrl: string;
  /** Token name (default `default`); letters, digits, `.`, `_`, `-`. */
  name?: string;
  signal?: AbortSignal;
  fetch?: typeof fetch | FetchLike;
  /** Called each time the gateway says "press the button" (or is not reachable yet). */
  onWaiting?: (info: WaitingInfo) => void;
  /** Poll delays (defaults: 1 s growing to 5 s: the window lasts 120 s, so never slower). */
  backoff?: BackoffOptions;
}

const POLL_BACKOFF = { initialMs: 1_000, maxMs: 5_000, factor: 1.5, jitter: 0.2 };

/**
 * Waits for someone to press the gateway button, then returns a new token. Store it: the
 * gateway never shows it again.
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * const issued = await acquireToken({
 *   baseUrl: "http://192.168.1.23:8000",
 *   name: "pos-1",
 *   signal: ac.signal,
 *   onWaiting: () => console.log("Press the button on the gateway…"),
 * });
 * saveSomewhereSafe(issued.token);
 * ```
 */
export async function acquireToken(opts: AcquireTokenOptions): Promise<IssuedToken> {
  const client = createClient({ baseUrl: opts.baseUrl, fetch: opts.fetch });
  const backoff = resolveBackoff(opts.backoff, POLL_BACKOFF);
  const { signal } = opts;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    let reason: WaitingInfo["reason"];
    try {
      return await client.generateToken(opts.name);
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      // Only "window closed" and "not reachable yet" are worth waiting out.
      if (!isTrackerApiError(e) || (e.code !== "TOKEN_WINDOW_CLOSED" && e.code !== "UNREACHABLE")) throw e;
      reason = e.code;
    }
    const nextRetryMs = backoffDelay(attempt - 1, backoff);
    opts.onWaiting?.({ attempt, nextRetryMs, reason });
    await sleep(nextRetryMs, signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
