// The one wait helper of the tests: never a fixed sleep. waitUntil polls a condition the test
// cannot subscribe to (a count behind a REST route); next and ordersMatch wait on SDK events.
import type { Subscription, SubscriptionEvents } from "../../src/sdk/index.js";

/**
 * Polls `probe` until it returns something other than undefined/false. `retryErrors`: a probe
 * that throws (a server not up yet, a connection refused) is asked again, and the last error
 * is named if time runs out; without it the first error fails the wait.
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
  opts: { retryErrors?: boolean } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      if (!opts.retryErrors) throw e;
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves with the next `event` of the subscription that matches, or rejects after the timeout. */
export function next<K extends keyof SubscriptionEvents>(
  sub: Subscription,
  event: K,
  match: (p: SubscriptionEvents[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<SubscriptionEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = sub.on(event, (p) => {
      if (!match(p)) return;
      clearTimeout(timer);
      off();
      resolve(p);
    });
  });
}

/** Resolves once the subscription's order list satisfies `match`. */
export function ordersMatch(sub: Subscription, match: (names: string[]) => boolean, timeoutMs = 10_000): Promise<void> {
  const names = () => sub.orders().map((o) => o.name);
  if (match(names())) return Promise.resolve();
  return next(sub, "orders", () => match(names()), timeoutMs).then(() => undefined);
}
