// The one retrying worker behind webhook delivery and the cloud upload: a poll timer, kick()
// to look now, one pump at a time (a kick during a pump runs another pump after it), errors
// of the pump logged instead of crashing the process from a timer, and exponential backoff.
import type { Logger } from "pino";

export interface RetryOptions {
  logger: Logger;
  /** Backoff doubles from baseDelayMs up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  pollMs: number;
}

/** `attempts` failures so far → how long to wait before the next try. */
function retryDelay(attempts: number, o: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs">): number {
  return Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.min(attempts, 20));
}

/** A failed fetch as one line: the message and, when undici has one, its cause. */
export function fetchErrorText(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
  return `${e instanceof Error ? e.message : String(e)}${cause}`;
}

export abstract class RetryingWorker {
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #pumping: Promise<void> | boolean = false;
  #again = false;

  constructor(
    private readonly retry: RetryOptions,
    /** Says what could not be read when a pump throws, e.g. "webhook queue". */
    private readonly what: string,
  ) {}

  /** One look at the queue: send what is due. May be synchronous. */
  protected abstract pump(): void | Promise<void>;

  protected get running(): boolean {
    return this.#running;
  }

  protected delay(attempts: number): number {
    return retryDelay(attempts, this.retry);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#timer = setInterval(() => this.kick(), this.retry.pollMs);
    this.#timer.unref();
    this.kick();
  }

  /** Something was queued: look now rather than at the next poll. */
  kick(): void {
    if (!this.#running) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    const done = () => {
      this.#pumping = false;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    };
    // A full or locked database must not crash the process from a timer: the next poll retries.
    const failed = (e: unknown) =>
      this.retry.logger.warn(
        { err: e },
        `${this.what} unavailable; will retry: if this repeats, check the data folder's disk (\`opentt doctor\`)`,
      );
    this.#pumping = true;
    let result: void | Promise<void>;
    try {
      result = this.pump();
    } catch (e) {
      failed(e);
      done();
      return;
    }
    if (result instanceof Promise) this.#pumping = result.catch(failed).finally(done);
    else done();
  }

  /** Runs once stop() has stopped new pumps: e.g. abort a request in flight. */
  protected onStop(): void {}

  /** Idempotent: no new pump starts; waits for an asynchronous one in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#timer);
    this.onStop();
    if (this.#pumping instanceof Promise) await this.#pumping.catch(() => {});
  }
}
