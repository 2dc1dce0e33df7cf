// The gateway's cloud link [opentt]: activation with a device code, the binding's state, and
// the outbox hook the OrderService calls inside every order change's transaction. Uploading
// itself is the CloudUploader's job.
import type { Logger } from "pino";
import { fetchErrorText } from "../http-kit/retrying-worker.js";
import { asObject, isHttpUrl } from "../protocol/input.js";
import type { OrderData } from "../protocol/order.js";
import { type CodeName, codeNamesFor } from "../protocol/return-codes.js";
import { type ActivateReply, type ActivateRequest, CLOUD_API, parseDeviceCode } from "../protocol/sync.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { CloudStatus } from "../protocol/wire.js";
import type { CloudBinding, CloudSyncStore } from "./cloud-store.js";
import { plainHttpRefusal } from "./cloud-url.js";
import type { CloudUploader, UploaderState } from "./uploader.js";

export interface CloudSyncDeps {
  store: CloudSyncStore;
  uploader: CloudUploader;
  identity: { serial: string; name: string };
  logger: Logger;
  fetch?: typeof fetch;
  /** Real time: queue ages and activation times are not on the (possibly simulated) gateway clock. */
  now?: () => number;
  timeoutMs?: number;
  /** Plain HTTP to a cloud that is not on this machine (--cloud-allow-http). */
  allowHttp?: boolean;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function parseCloudUrl(raw: unknown): string {
  if (!isHttpUrl(raw)) {
    throw new TrackerError("INVALID_HTTP_CLIENT", 'Invalid cloud URL: "cloud" must be an http:// or https:// URL');
  }
  return raw.replace(/\/+$/, "");
}

export class CloudSync {
  readonly #d: Required<CloudSyncDeps>;
  #bound: boolean;

  constructor(deps: CloudSyncDeps) {
    this.#d = { fetch: globalThis.fetch, now: Date.now, timeoutMs: 15_000, allowHttp: false, ...deps };
    this.#bound = deps.store.binding() !== undefined;
  }

  /** Whether this gateway is bound to a cloud site (kept in memory, in step with the store). */
  get bound(): boolean {
    return this.#bound;
  }

  /** The OrderService outbox: runs inside the order change's transaction. */
  readonly outbox = (event: { order: OrderData }): void => {
    if (this.#bound) this.#d.store.enqueue(event.order, this.#d.now());
  };

  /**
   * POST /api/v2/cloud/activate. The code's shape is checked here (-18, -17) before any network
   * call; the cloud says whether it is valid (-19). 1011 binds an unbound gateway; 1008 moves a
   * bound gateway to the new site.
   */
  async activate(body: unknown): Promise<{ code: "CLOUD_ACTIVATED" | "DEVICE_CODE_ACTIVATED"; status: CloudStatus }> {
    const b = asObject(body);
    const deviceCode = parseDeviceCode(b.deviceCode);
    const cloudUrl = parseCloudUrl(b.cloud);
    const refused = plainHttpRefusal(cloudUrl, this.#d.allowHttp);
    if (refused) throw new TrackerError("INVALID_HTTP_CLIENT", refused);
    const reply = await this.#ask(cloudUrl, deviceCode);
    const wasBound = this.#bound;
    const binding: CloudBinding = {
      cloudUrl,
      siteId: reply.siteId,
      siteName: reply.siteName,
      accountId: reply.accountId,
      accountName: reply.accountName,
      siteToken: reply.siteToken,
      activated: this.#d.now(),
    };
    const queued = this.#d.store.bind(binding, this.#d.now());
    this.#bound = true;
    this.#d.logger.info({ cloud: cloudUrl, siteId: reply.siteId, queued }, "bound to the cloud");
    this.#d.uploader.reset();
    return { code: wasBound ? "DEVICE_CODE_ACTIVATED" : "CLOUD_ACTIVATED", status: this.status() };
  }

  async #ask(cloudUrl: string, deviceCode: string): Promise<ActivateReply> {
    let res: Response;
    let parsed: Record<string, unknown> = {};
    try {
      res = await this.#d.fetch(`${cloudUrl}${CLOUD_API}/activate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          deviceCode,
          serial: this.#d.identity.serial,
          name: this.#d.identity.name,
        } satisfies ActivateRequest),
        signal: AbortSignal.timeout(this.#d.timeoutMs),
        redirect: "error",
      });
      parsed = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    } catch (e) {
      const why = fetchErrorText(e);
      // A private CA is the usual cause of a refused certificate; say which flag trusts one.
      const ca = /certificate|CERT/.test(why) ? "; a cloud behind a private CA needs --cloud-ca <ca.pem>" : "";
      throw new TrackerError(
        "UNAVAILABLE",
        `The cloud at ${cloudUrl} did not answer (${why}): check the URL and the network${ca}`,
      );
    }
    if (res.ok && typeof parsed.siteToken === "string") return parsed as unknown as ActivateReply;
    // The cloud's refusal keeps its code (-17/-18/-19) and message.
    const rc = typeof parsed.returnCode === "number" ? parsed.returnCode : undefined;
    const known: CodeName | undefined = rc === undefined ? undefined : codeNamesFor(rc, res.status)[0];
    if (known === "MALFORMED_DEVICE_CODE" || known === "MISSING_DEVICE_CODE" || known === "INVALID_DEVICE_CODE") {
      throw new TrackerError(known, typeof parsed.message === "string" ? parsed.message : undefined);
    }
    throw new TrackerError("UNAVAILABLE", `The cloud at ${cloudUrl} refused the activation (HTTP ${res.status})`);
  }

  /** DELETE /api/v2/cloud: false when there was no binding. Unsent changes are dropped. */
  unbind(): boolean {
    const had = this.#d.store.unbind();
    this.#bound = false;
    if (had) this.#d.logger.info("unbound from the cloud");
    return had;
  }

  status(): CloudStatus {
    const b = this.#d.store.binding();
    const { pending, oldest } = this.#d.store.stats();
    const u: UploaderState = this.#d.uploader.state;
    const base = {
      pending,
      oldestPendingSeconds: oldest === null ? null : Math.max(0, Math.round((this.#d.now() - oldest) / 1000)),
      lastUpload: iso(u.lastSuccess),
      lastAttempt: iso(u.lastAttempt),
      lastError: u.lastError,
      failures: u.failures,
      nextAttempt: iso(u.nextAttempt),
      uploaded: u.uploaded,
    };
    if (!b) return { bound: false, ...base };
    return {
      bound: true,
      cloud: b.cloudUrl,
      siteId: b.siteId,
      siteName: b.siteName,
      accountId: b.accountId,
      accountName: b.accountName,
      activated: new Date(b.activated).toISOString(),
      ...base,
    };
  }
}
