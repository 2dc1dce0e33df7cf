// Uploads the cloud outbox: the oldest queued order versions, MAX_BATCH at a time, one batch in
// flight, rows deleted only after the cloud acknowledged them. A failure backs off exponentially
// (real time, never the simulated clock); an idle gateway still sends an empty batch as a
// heartbeat so the cloud can tell a quiet site from a dead one.
import type { Logger } from "pino";
import { fetchErrorText, RetryingWorker } from "../http-kit/retrying-worker.js";
import { CLOUD_API, MAX_BATCH, type SyncBatch } from "../protocol/sync.js";
import type { CloudSyncStore, OutboxRow } from "./cloud-store.js";
import { plainHttpRefusal } from "./cloud-url.js";

export interface UploaderOptions {
  store: CloudSyncStore;
  logger: Logger;
  /** The gateway's timezone and target time, sent with each batch. */
  zone: () => string;
  targetTime: () => number;
  fetch?: typeof fetch;
  now?: () => number;
  batchSize?: number;
  timeoutMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  heartbeatMs?: number;
  pollMs?: number;
  /** Plain HTTP to a cloud that is not on this machine (--cloud-allow-http). */
  allowHttp?: boolean;
}

export interface UploaderState {
  lastSuccess: number | null;
  lastAttempt: number | null;
  lastError: string | null;
  /** Consecutive failures; 0 after a success. */
  failures: number;
  nextAttempt: number | null;
  uploaded: number;
}

export class CloudUploader extends RetryingWorker {
  readonly #o: Required<UploaderOptions>;
  readonly #state: UploaderState = {
    lastSuccess: null,
    lastAttempt: null,
    lastError: null,
    failures: 0,
    nextAttempt: null,
    uploaded: 0,
  };
  #abort?: AbortController;
  #lastContact = 0;

  constructor(options: UploaderOptions) {
    const o: Required<UploaderOptions> = {
      fetch: globalThis.fetch,
      now: Date.now,
      batchSize: MAX_BATCH,
      timeoutMs: 30_000,
      baseDelayMs: 1_000,
      maxDelayMs: 5 * 60_000,
      heartbeatMs: 60_000,
      pollMs: 1_000,
      allowHttp: false,
      ...options,
    };
    super(o, "cloud outbox");
    this.#o = o;
    if (this.#o.batchSize < 1 || this.#o.batchSize > MAX_BATCH) {
      throw new TypeError(`batchSize must be 1-${MAX_BATCH}`);
    }
  }

  get state(): Readonly<UploaderState> {
    return { ...this.#state };
  }

  /** A new binding: forget the old one's failures and upload at once. */
  reset(): void {
    Object.assign(this.#state, { failures: 0, nextAttempt: null, lastError: null });
    this.#lastContact = 0;
    this.kick();
  }

  protected async pump(): Promise<void> {
    while (this.running) {
      const binding = this.#o.store.binding();
      if (!binding) return;
      const now = this.#o.now();
      if (this.#state.nextAttempt !== null && now < this.#state.nextAttempt) return;
      const rows = this.#o.store.batch(this.#o.batchSize);
      if (rows.length === 0 && now - this.#lastContact < this.#o.heartbeatMs) return;
      const ok = await this.#send(binding.cloudUrl, binding.siteToken, rows);
      if (!ok) return;
      // Another activation may have replaced the binding while the batch was in flight.
      if (this.#o.store.binding()?.siteToken !== binding.siteToken) continue;
      this.#o.store.acknowledge(rows);
      this.#state.uploaded += rows.length;
      if (rows.length < this.#o.batchSize) return;
    }
  }

  async #send(cloudUrl: string, token: string, rows: OutboxRow[]): Promise<boolean> {
    const now = this.#o.now();
    const { pending } = this.#o.store.stats();
    const oldest = rows.reduce((m, r) => Math.min(m, r.queued), Number.POSITIVE_INFINITY);
    const batch: SyncBatch = {
      zone: this.#o.zone(),
      targetTime: this.#o.targetTime(),
      pending: Math.max(0, pending - rows.length),
      oldestAgeMs: rows.length ? Math.max(0, now - oldest) : null,
      orders: [],
    };
    // The stored bodies are already JSON: splice them in rather than parse and re-serialise.
    const json = JSON.stringify(batch).replace('"orders":[]', `"orders":[${rows.map((r) => r.body).join(",")}]`);
    this.#state.lastAttempt = now;
    // A binding made before --cloud-allow-http was dropped: nothing leaves, the state says why.
    const error = plainHttpRefusal(cloudUrl, this.#o.allowHttp) ?? (await this.#post(cloudUrl, token, json));
    if (error === undefined) {
      Object.assign(this.#state, { lastSuccess: this.#o.now(), lastError: null, failures: 0, nextAttempt: null });
      this.#lastContact = this.#o.now();
      return true;
    }
    const failures = this.#state.failures + 1;
    const delay = this.delay(failures - 1);
    Object.assign(this.#state, { lastError: error, failures, nextAttempt: this.#o.now() + delay });
    if (this.running) {
      this.#o.logger.debug({ failures, error, retryInMs: delay }, "cloud upload failed; will retry");
    }
    return false;
  }

  /** One POST of a batch: undefined once the cloud acknowledged it, else what went wrong. */
  async #post(cloudUrl: string, token: string, json: string): Promise<string | undefined> {
    this.#abort = new AbortController();
    try {
      const res = await this.#o.fetch(`${cloudUrl}${CLOUD_API}/sync`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: json,
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#o.timeoutMs)]),
        redirect: "error",
      });
      const text = await res.text();
      if (res.ok) return undefined;
      return `HTTP ${res.status}${res.status === 401 ? ": the cloud no longer knows this gateway; activate it again" : `: ${text.slice(0, 200)}`}`;
    } catch (e) {
      return fetchErrorText(e);
    }
  }

  /** stop() aborts an upload in flight (its rows stay queued) and waits for the loop. */
  protected override onStop(): void {
    this.#abort?.abort();
  }
}
