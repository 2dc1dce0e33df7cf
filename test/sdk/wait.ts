// Waiting on SDK events with a deadline: tests never sleep to synchronise.
import type { Subscription, SubscriptionEvents } from "../../src/sdk/index.js";

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
