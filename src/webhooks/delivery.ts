// Webhook delivery (spec §8): POSTs each queued ORDER_SUMMARY to its URL, one at a time per
// URL so they arrive in order, retrying with exponential backoff. The queue is on disk, so a
// receiver down for an hour or a gateway restart loses nothing; a receiver that hangs holds
// up only its own queue, never the API.
import type { Logger } from "pino";
import { fetchErrorText, RetryingWorker } from "../http-kit/retrying-worker.js";
import type { Delivery, WebhookQueue } from "../store/webhook-queue.js";

export interface DeliveryOptions {
  queue: WebhookQueue;
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => number;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Backoff doubles from baseDelayMs up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A delivery still failing after this long is dropped (and logged). */
  giveUpAfterMs?: number;
  pollMs?: number;
  userAgent?: string;
}

export class WebhookDelivery extends RetryingWorker {
  readonly #o: Required<DeliveryOptions>;
  readonly #inFlight = new Set<string>();

  constructor(options: DeliveryOptions) {
    const o: Required<DeliveryOptions> = {
      fetch: globalThis.fetch,
      now: Date.now,
      timeoutMs: 10_000,
      baseDelayMs: 1_000,
      maxDelayMs: 5 * 60_000,
      giveUpAfterMs: 24 * 3600_000,
      pollMs: 1_000,
      userAgent: "opentt-webhooks",
      ...options,
    };
    super(o, "webhook queue");
    this.#o = o;
  }

  protected pump(): void {
    const now = this.#o.now();
    const dropped = this.#o.queue.dropOlderThan(now - this.#o.giveUpAfterMs);
    if (dropped > 0)
      this.#o.logger.warn(
        { dropped },
        "webhook deliveries dropped after failing for too long: check the receivers are up (GET /api/v2/register shows each one's last error)",
      );
    for (const d of this.#o.queue.heads()) {
      if (this.#inFlight.has(d.url) || d.nextAttempt > now) continue;
      this.#inFlight.add(d.url);
      void this.#attempt(d).finally(() => {
        this.#inFlight.delete(d.url);
        this.kick();
      });
    }
  }

  async #attempt(d: Delivery): Promise<void> {
    let error: string | undefined;
    try {
      const res = await this.#o.fetch(d.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": this.#o.userAgent },
        body: d.body,
        signal: AbortSignal.timeout(this.#o.timeoutMs),
        redirect: "error",
      });
      await res.body?.cancel().catch(() => {});
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = fetchErrorText(e);
    }
    // Stopped: in-flight attempts finish in the background and record nothing.
    if (!this.running) return;
    try {
      if (error === undefined) {
        this.#o.queue.delivered(d);
        return;
      }
      this.#o.queue.failed(d, error, this.#o.now() + this.delay(d.attempts));
      this.#o.logger.debug({ url: d.url, attempts: d.attempts + 1, error }, "webhook delivery failed; will retry");
    } catch (e) {
      // The row may be gone (webhook removed meanwhile) or the database closing.
      this.#o.logger.debug({ err: e }, "webhook bookkeeping skipped");
    }
  }
}
