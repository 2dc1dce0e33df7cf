// The LRS upstream radio (radio.md §4, §5): an existing vendor gateway is the radio. Its active
// orders become tracker events (appears → started, gets a table → located, disappears or turns
// cleared → docked), from its WebSocket as they happen and from a poll of its active list, since
// a vendor gateway sends no event for a clear. Paging, cancelling and clearing in opentt are
// forwarded to it. What was applied is kept in the data folder (upstream uuid → state), so
// reconciling after an outage or a restart applies each change once.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type WebSocket from "ws";
import type { FloorEvent } from "../../domain/floor.js";
import { parseLocal } from "../../protocol/local-time.js";
import type { RadioEvent } from "../../protocol/radio.js";
import { TrackerError } from "../../protocol/tracker-error.js";
import type { TrackerDevice, UpstreamOrders } from "../device.js";
import { SeveralUpstreams, type UpstreamPlace } from "./lrs-locate.js";
import { isUpstreamOrder, LrsUpstream, UpstreamDown, type UpstreamOrder } from "./lrs-upstream.js";
import type { RadioDeps } from "./radio-deps.js";
import { readRadioToken } from "./radio-token.js";

/** radio.md §4: a clear must show within 5 s without a WebSocket event. */
export const POLL_MS = 2_000;
/** radio.md §5: back within 5 s of the upstream's return. */
const BACKOFF_MS = [250, 500, 1_000, 2_000] as const;
const MIRROR_FILE = "lrs-mirror.json";

/** An upstream order the bridge has applied, by its uuid. */
interface Mirrored {
  name: string;
  state: "started" | "located";
  table: string;
}

export interface LrsRadioOptions extends Pick<RadioDeps, "link" | "clock" | "dataDir" | "radioToken" | "isActive"> {
  /** Where the vendor gateway is, asked again before each connection (Bonjour may move it). */
  locate: () => Promise<UpstreamPlace>;
  /** How often the active list is read (tests lengthen it to see the WebSocket alone at work). */
  pollMs?: number;
  /**
   * Waits `ms` before the next poll or retry; a timer unless given. Tests pass one they release
   * by hand, to show which changes a poll applies and which the WebSocket applies on its own.
   */
  wait?: (ms: number, why: "poll" | "retry") => Promise<void>;
}

export class LrsRadio implements TrackerDevice {
  readonly #o: LrsRadioOptions;
  readonly #mirror = new Map<string, Mirrored>();
  #upstream?: LrsUpstream;
  /** What TXT `bridge=` says (issue 17 point 5): the upstream's serial, once located. */
  bridged?: string;
  #zone = "UTC";
  #stopped = true;
  #wake?: () => void;
  #ws?: WebSocket;
  #loop?: Promise<void>;
  /** Uuids cleared in opentt whose DELETE upstream is on its way. */
  readonly #clearing = new Set<string>();
  readonly upstream: UpstreamOrders = {
    page: (name, tracking) => this.#page(name, tracking),
    unpage: (name) => this.#unpage(name),
    clear: (name) => this.#clear(name),
  };

  constructor(o: LrsRadioOptions) {
    this.#o = o;
    try {
      const saved = JSON.parse(readFileSync(this.#mirrorPath, "utf8")) as Record<string, Mirrored>;
      for (const [uuid, m] of Object.entries(saved)) this.#mirror.set(uuid, m);
    } catch {
      // No file yet (first run): nothing applied.
    }
  }

  get online(): boolean {
    return this.#o.link.online;
  }

  async start(onEvent: (e: FloorEvent) => void): Promise<void> {
    this.#o.link.attach(onEvent);
    this.#stopped = false;
    // Several vendor gateways on Bonjour: stop and let the installer choose (issue 17 point 1).
    // None yet is not fatal: the loop keeps looking.
    await this.#o.locate().then(
      (p) => {
        this.bridged = p.serial;
      },
      (e: unknown) => {
        if (e instanceof SeveralUpstreams) throw e;
      },
    );
    // An unreachable upstream is not fatal: the gateway serves orders and keeps trying.
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#ws?.terminate();
    this.#wake?.();
    await this.#loop;
    this.#o.link.detach();
  }

  // The vendor gateway drives its own trackers: paging reaches it through `upstream`, and a
  // timed page ends there by itself, so the domain's own paging bookkeeping sends nothing.
  setPaging(): void {}
  isPaging(): boolean {
    return false;
  }
  // Repeater pairing stays with the vendor gateway (its own app), radio.md §4.
  repeaters() {
    return [];
  }
  clearRepeaters(): void {}
  setPairing(): boolean {
    return false;
  }

  get #mirrorPath(): string {
    return path.join(this.#o.dataDir, MIRROR_FILE);
  }

  async #run(): Promise<void> {
    let attempt = 0;
    while (!this.#stopped) {
      try {
        await this.#session(() => {
          attempt = 0;
        });
      } catch (e) {
        if (this.#stopped) break;
        this.#o.link.setOnline(false, (e as Error).message);
      }
      if (this.#stopped) break;
      await this.#sleep(BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)] ?? 2_000, "retry");
    }
    this.#o.link.setOnline(false);
  }

  /** Resolves after `ms`, or at once when stop() wakes it. */
  #sleep(ms: number, why: "poll" | "retry"): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#wake = done;
      if (this.#o.wait) this.#o.wait(ms, why).then(done, done);
      else timer = setTimeout(done, ms);
    });
  }

  /** One connection: settings, a full reconcile, the WebSocket, then a poll until something fails. */
  async #session(connected: () => void): Promise<void> {
    const place = await this.#o.locate();
    const base = place.url;
    this.bridged = place.serial;
    const upstream = new LrsUpstream(base, () => this.#o.radioToken ?? readRadioToken(this.#o.dataDir));
    this.#upstream = upstream;
    this.#o.link.url = `lrs+${base}`;
    this.#zone = await upstream.timezone();
    this.#reconcile(await upstream.activeOrders(), true);
    this.#o.link.setOnline(true);
    connected();
    const lost = this.#openSocket(base, upstream);
    try {
      while (!this.#stopped) {
        const closed = await Promise.race([lost, this.#sleep(this.#o.pollMs ?? POLL_MS, "poll").then(() => undefined)]);
        if (closed !== undefined) throw new UpstreamDown(closed);
        if (this.#stopped) return;
        this.#reconcile(await upstream.activeOrders(), true);
      }
    } finally {
      this.#ws?.terminate();
    }
  }

  /** Resolves with the reason when the upstream's WebSocket goes away. */
  async #openSocket(base: string, upstream: LrsUpstream): Promise<string> {
    const token = this.#o.radioToken ?? readRadioToken(this.#o.dataDir) ?? "";
    // Imported here, as the other radios' libraries are: a gateway without this radio never loads it.
    const { default: WebSocket } = await import("ws");
    const ws = new WebSocket(`${base.replace(/^http/, "ws")}/api/v2/websocket`, {
      headers: { authorization: `Bearer ${token}` },
    });
    this.#ws = ws;
    return new Promise((resolve) => {
      ws.on("message", (data) => this.#frame(String(data)));
      ws.on("unexpected-response", (_req, res) =>
        resolve(
          res.statusCode === 401
            ? "the vendor gateway refused the token on its WebSocket (401): run `opentt radio login` again"
            : `the vendor gateway refused its WebSocket (${res.statusCode})`,
        ),
      );
      ws.on("error", (e) => resolve(`the vendor gateway's WebSocket failed: ${e.message}`));
      ws.on("close", (code) =>
        resolve(
          code === 4401
            ? "the vendor gateway refused the token (WebSocket 4401): run `opentt radio login` again"
            : `the vendor gateway closed its WebSocket (${code})`,
        ),
      );
      void upstream;
    });
  }

  #frame(text: string): void {
    let f: Record<string, unknown>;
    try {
      f = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.#o.link.reject("not JSON", "upstream websocket");
      return;
    }
    if (f.type === "ACTIVE_ORDERS" && Array.isArray(f.items)) this.#reconcile(f.items.filter(isUpstreamOrder), true);
    else if (isUpstreamOrder(f)) this.#reconcile([f], false);
    else if (typeof f.returnCode !== "number") this.#o.link.reject("not an order frame", "upstream websocket");
  }

  #at(local: string): number {
    return parseLocal(local, this.#zone) ?? this.#o.clock.now();
  }

  #emit(e: RadioEvent): void {
    // The upstream already orders each order's changes: its times are applied as they are.
    this.#o.link.deliver(e, { ordered: true });
  }

  /**
   * Applies what the upstream shows. `full`: the whole active list, so a mirrored order missing
   * from it has left (docked). Each change is applied once, whatever path reports it.
   */
  #reconcile(items: UpstreamOrder[], full: boolean): void {
    let changed = false;
    const seen = new Set<string>();
    for (const o of items) {
      seen.add(o.uuid);
      const m = this.#mirror.get(o.uuid);
      if (o.state === "cleared") {
        if (m) {
          this.#emit({ event: "docked", tracker: o.name, ts: this.#at(o.stateChanged) });
          this.#mirror.delete(o.uuid);
          changed = true;
        }
        continue;
      }
      if (!m) {
        // Another order of that number that we still hold has ended before this one began.
        for (const [uuid, old] of this.#mirror)
          if (old.name === o.name) {
            this.#emit({ event: "docked", tracker: o.name, ts: this.#at(o.created) });
            this.#mirror.delete(uuid);
          }
        this.#emit({ event: "started", tracker: o.name, orderType: o.orderType, ts: this.#at(o.created) });
        if (o.state === "located")
          this.#emit({ event: "located", tracker: o.name, table: o.locationName, ts: this.#at(o.stateChanged) });
        this.#mirror.set(o.uuid, { name: o.name, state: o.state, table: o.locationName });
        changed = true;
        continue;
      }
      if (!this.#o.isActive(o.name)) {
        // Cleared in opentt (one, all, or automatically) while the upstream still has it.
        this.#forwardClear(o.uuid);
        continue;
      }
      if (o.state === "located" && (m.state !== "located" || m.table !== o.locationName)) {
        this.#emit({ event: "located", tracker: o.name, table: o.locationName, ts: this.#at(o.stateChanged) });
        this.#mirror.set(o.uuid, { name: o.name, state: "located", table: o.locationName });
        changed = true;
      }
    }
    if (full)
      for (const [uuid, m] of this.#mirror)
        if (!seen.has(uuid)) {
          this.#emit({ event: "docked", tracker: m.name });
          this.#mirror.delete(uuid);
          changed = true;
        }
    if (changed) this.#save();
  }

  #save(): void {
    const tmp = `${this.#mirrorPath}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.#mirror)));
    renameSync(tmp, this.#mirrorPath);
  }

  #uuidOf(name: string): string | undefined {
    for (const [uuid, m] of this.#mirror) if (m.name === name) return uuid;
    return undefined;
  }

  #forwardClear(uuid: string): void {
    if (this.#clearing.has(uuid) || !this.#upstream) return;
    this.#clearing.add(uuid);
    this.#upstream
      .call("DELETE", `/api/v2/activeorders/${uuid}`)
      .catch((e) => {
        if (!(e instanceof TrackerError && e.code === "ORDER_NOT_FOUND")) throw e;
      })
      .then(
        () => {
          this.#mirror.delete(uuid);
          this.#save();
        },
        () => {}, // still mirrored: the next reconcile tries again
      )
      .finally(() => this.#clearing.delete(uuid));
  }

  /** A call that needs the upstream now: offline or unreachable → -13 naming why. */
  async #now<T>(fn: (u: LrsUpstream) => Promise<T>): Promise<T> {
    const u = this.#upstream;
    if (!u || !this.online) throw this.#unavailable(this.#o.link.status("UTC").lastError);
    try {
      return await fn(u);
    } catch (e) {
      if (!(e instanceof UpstreamDown)) throw e;
      this.#o.link.setOnline(false, e.message);
      this.#ws?.terminate();
      throw this.#unavailable(e.message);
    }
  }

  #unavailable(why: string | null): TrackerError {
    return new TrackerError(
      "PAGING_UNAVAILABLE",
      `Paging is unavailable: the vendor gateway is offline${why ? ` (${why})` : ""}; opentt keeps trying`,
    );
  }

  async #page(name: string, tracking: boolean): Promise<void> {
    const id = this.#uuidOf(name) ?? name;
    await this.#now((u) => u.call("POST", `/api/v2/activeorders/${id}/page`, { tracking }));
  }

  async #unpage(name: string): Promise<boolean> {
    const id = this.#uuidOf(name) ?? name;
    try {
      const env = await this.#now((u) => u.call("DELETE", `/api/v2/activeorders/${id}/page`));
      return env.returnCode === 1002;
    } catch (e) {
      // Not upstream, or upstream unreachable: opentt's own page state answers.
      if (e instanceof TrackerError && (e.code === "ORDER_NOT_FOUND" || e.code === "PAGING_UNAVAILABLE")) return false;
      throw e;
    }
  }

  async #clear(name: string): Promise<void> {
    const uuid = this.#uuidOf(name);
    // An order typed in at opentt was never upstream; one cleared while offline is
    // forwarded by the reconcile on return.
    if (!uuid || !this.online) return;
    try {
      await this.#now((u) => u.call("DELETE", `/api/v2/activeorders/${uuid}`));
    } catch (e) {
      if (e instanceof TrackerError && (e.code === "ORDER_NOT_FOUND" || e.code === "PAGING_UNAVAILABLE")) {
        if (e.code === "ORDER_NOT_FOUND") this.#mirror.delete(uuid);
        return;
      }
      throw e;
    }
    this.#mirror.delete(uuid);
    this.#save();
  }
}
