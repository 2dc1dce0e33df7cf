// The vendor gateway as the LRS radio sees it (radio.md §4): a few calls of the vendor's own v2
// API and nothing marked [opentt] (no seq, no /sim, no opentt routes or fields), so any LRS
// gateway answers them. A refusal comes back as the TrackerError of the upstream's code with the
// upstream's message; a gateway that does not answer is an UpstreamDown.
import { type CodeName, codeNamesFor } from "../../protocol/return-codes.js";
import { TrackerError } from "../../protocol/tracker-error.js";
import type { OrderType } from "../../protocol/wire.js";

/**
 * A reply slower than this is the upstream being down, not slow. With the poll's 2 s it bounds
 * how late a clear only a poll can see shows (radio.md §4: within 5 s).
 */
export const CALL_TIMEOUT_MS = 3_000;

/** The vendor's active order, as far as the bridge reads it (api-v2.md §2). */
export interface UpstreamOrder {
  name: string;
  uuid: string;
  orderType: OrderType;
  locationName: string;
  state: "started" | "located" | "cleared";
  created: string;
  stateChanged: string;
}

/** The upstream could not be asked: unreachable, timed out, token refused, or not an LRS gateway. */
export class UpstreamDown extends Error {}

/** The upstream's refusal rebuilt as ours: its code, its status, its message. */
function refusal(env: { status: number; returnCode: number; message?: unknown }): TrackerError {
  const names: CodeName[] = codeNamesFor(env.returnCode, env.status);
  const name = names[0] ?? codeNamesFor(env.returnCode)[0] ?? "UNAVAILABLE";
  const message = typeof env.message === "string" && env.message ? env.message : undefined;
  return new TrackerError(name, message && `The vendor gateway refused: ${message}`);
}

export function isUpstreamOrder(v: unknown): v is UpstreamOrder {
  const o = v as Partial<UpstreamOrder> | null;
  return (
    typeof o === "object" &&
    o !== null &&
    typeof o.name === "string" &&
    /^[0-9]{1,9}$/.test(o.name) &&
    typeof o.uuid === "string" &&
    (o.orderType === "ON_PREMISE" || o.orderType === "TO_GO") &&
    typeof o.locationName === "string" &&
    (o.state === "started" || o.state === "located" || o.state === "cleared") &&
    typeof o.created === "string" &&
    typeof o.stateChanged === "string"
  );
}

export class LrsUpstream {
  readonly base: string;
  readonly #token: () => string | undefined;

  constructor(base: string, token: () => string | undefined) {
    this.base = base;
    this.#token = token;
  }

  /** One call; the parsed envelope of a 2xx reply, a TrackerError for a refusal, UpstreamDown otherwise. */
  async call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const token = this.#token();
    if (!token)
      throw new UpstreamDown("no token for the vendor gateway: run `opentt radio login` or set --radio-token");
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
      throw new UpstreamDown(`the vendor gateway at ${this.base} does not answer (${cause})`);
    }
    let env: Record<string, unknown>;
    try {
      env = (await res.json()) as Record<string, unknown>;
    } catch {
      throw new UpstreamDown(`${this.base} answered ${method} ${path} with something that is not JSON`);
    }
    if (res.status === 401 || (res.status === 400 && env.returnCode === -1))
      throw new UpstreamDown(`the vendor gateway refused the token (${res.status}): run \`opentt radio login\` again`);
    if (res.ok) return env;
    if (typeof env.returnCode !== "number")
      throw new UpstreamDown(`${this.base} answered ${res.status} without a returnCode`);
    throw refusal({ status: res.status, returnCode: env.returnCode, message: env.message });
  }

  async activeOrders(): Promise<UpstreamOrder[]> {
    const env = await this.call("GET", "/api/v2/activeorders");
    if (!Array.isArray(env.items)) throw new UpstreamDown("the vendor's active order list has no items");
    return env.items.filter(isUpstreamOrder);
  }

  /** The upstream's timezone: its times are local without zone (api-v2.md §0, §7). */
  async timezone(): Promise<string> {
    const env = await this.call("GET", "/api/v2/gateway/settings");
    const tz = (env.settings as { timezone?: unknown } | undefined)?.timezone;
    if (typeof tz !== "string") throw new UpstreamDown("the vendor's settings carry no timezone");
    return tz;
  }
}
