// Webhook registrations (spec §8). Deliveries are queued in the same transaction as the order
// change (see OrderService outboxes), so a crash between the two cannot lose one.

import { asObject, isHttpUrl } from "../protocol/input.js";
import { toSummary } from "../protocol/order.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { WebhookItem } from "../protocol/wire.js";
import type { Clock } from "./clock.js";
import type { OrderEvent } from "./events.js";
import type { Store } from "./ports.js";

function parseWebhookUrl(body: unknown): string {
  const raw = asObject(body).http_client;
  if (raw === undefined || raw === null || raw === "") throw new TrackerError("NO_HTTP_CLIENT");
  if (!isHttpUrl(raw)) throw new TrackerError("INVALID_HTTP_CLIENT");
  return raw;
}

export class WebhookService {
  /**
   * Whether any URL is registered, kept in memory: with none (the usual case) an order change
   * skips serialising a summary nobody will receive, on the hottest path there is.
   */
  #any: boolean;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: () => string,
    private readonly onChange: () => void = () => {},
    /** Delivery retries run on real time, not the (possibly simulated) gateway clock. */
    private readonly deliveryNow: () => number = Date.now,
  ) {
    this.#any = store.webhooks.list().length > 0;
  }

  register(body: unknown): string {
    const url = parseWebhookUrl(body);
    this.store.webhooks.add(url, this.clock.now());
    this.#any = true;
    this.onChange();
    return url;
  }

  unregister(body: unknown): string {
    const url = parseWebhookUrl(body);
    if (!this.store.webhooks.remove(url)) throw new TrackerError("UNKNOWN_HTTP_CLIENT");
    this.#any = this.store.webhooks.list().length > 0;
    this.onChange();
    return url;
  }

  list(): WebhookItem[] {
    return this.store.webhooks.list().map((w) => ({ http_client: w.url, pending: w.pending, lastError: w.lastError }));
  }

  /** The OrderService outbox: one ORDER_SUMMARY per registered URL, in the change's transaction. */
  readonly outbox = (event: OrderEvent): void => {
    if (!this.#any) return;
    this.store.webhooks.enqueueAll(JSON.stringify(toSummary(event.order, this.zone())), this.deliveryNow());
  };
}
