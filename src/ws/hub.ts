// The WebSocket adapter (spec §4) on the REST port: authenticate (header on the upgrade, or a
// first frame within WS_AUTH_TIMEOUT_MS), send the ACTIVE_ORDERS snapshot, then every order event from the
// domain bus in seq order. The snapshot and the subscription happen in one synchronous step,
// so no event can fall between them. Each event is serialised once and the same bytes go to
// every client; a client that cannot keep up is cut off instead of slowing the others.
import type { IncomingMessage, Server } from "node:http";
import { parse as parseQuery } from "node:querystring";
import type { Duplex } from "node:stream";
import type { WebSocket, WebSocketServer } from "ws";
import type { AppContext } from "../context.js";
import type { OrderEvent } from "../domain/events.js";
import { toActiveOrder } from "../protocol/order.js";
import { booleanParam } from "../protocol/query-params.js";
import { TrackerError } from "../protocol/tracker-error.js";
import {
  type AuthFrame,
  type FloorPlan,
  type FloorplanFrame,
  type OrderEventFrame,
  type SnapshotFrame,
  WS_AUTH_TIMEOUT_MS,
  WS_CLOSE,
  WS_FLOORPLAN_PARAM,
  WS_PATH,
} from "../protocol/wire.js";
import { upgradeRefusal } from "./refusal.js";

export interface HubOptions {
  heartbeatMs?: number;
  authTimeoutMs?: number;
  maxBacklogBytes?: number;
}

const DEFAULTS: Required<HubOptions> = {
  heartbeatMs: 30_000,
  authTimeoutMs: WS_AUTH_TIMEOUT_MS,
  maxBacklogBytes: 1024 * 1024,
};

/** What the hub needs of the gateway: the order bus, tokens, the live orders and the zone. */
export type HubDeps = Pick<AppContext, "events" | "tokens" | "orders" | "clock" | "settings">;

/** 1048576 → "1 MiB": close reasons name the limit in force, not a fixed figure. */
function sizeText(bytes: number): string {
  if (bytes % 1048576 === 0) return `${bytes / 1048576} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

interface Peer {
  ws: WebSocket;
  token?: string;
  alive: boolean;
  /** [opentt] Opted in to FLOORPLAN_CHANGED frames on the upgrade URL. */
  floorplan: boolean;
}

/** What the upgrade request says: the token name when it authenticated by header, and the opt-ins. */
interface Admission {
  token: string | undefined;
  floorplan: boolean;
}

export class WebSocketHub {
  readonly #ctx: HubDeps;
  readonly #opts: Required<HubOptions>;
  /** The `ws` server, loaded at the first upgrade (#server): ~45 ms of start-up otherwise. */
  #wss: WebSocketServer | undefined;
  #loading: Promise<WebSocketServer> | undefined;
  readonly #subscribers = new Set<Peer>();
  readonly #peers = new Set<Peer>();
  readonly #unsubscribe: Array<() => void> = [];
  #heartbeat: NodeJS.Timeout | undefined;
  #state: "running" | "closing" | "closed" = "running";

  constructor(ctx: HubDeps, options: HubOptions = {}) {
    for (const [k, v] of Object.entries(options)) {
      if (v !== undefined && (typeof v !== "number" || !(v > 0)))
        throw new TypeError(`WebSocketHub: ${k} must be a positive number`);
    }
    this.#ctx = ctx;
    this.#opts = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.#unsubscribe.push(ctx.events.on("order", (e) => this.#broadcast(e)));
    this.#unsubscribe.push(ctx.events.on("floorplanChanged", (plan) => this.#broadcastFloorplan(plan)));
    this.#unsubscribe.push(
      ctx.events.on("tokenRevoked", ({ name }) => {
        for (const p of this.#peers)
          if (p.token === name)
            this.#refuse(p.ws, new TrackerError("INVALID_TOKEN", "Access token revoked"), WS_CLOSE.INVALID_TOKEN);
      }),
    );
    this.#heartbeat = setInterval(() => this.#ping(), this.#opts.heartbeatMs);
    this.#heartbeat.unref();
  }

  get clientCount(): number {
    return this.#subscribers.size;
  }

  /** Open connections, authenticated or not: what a client that left must not stay in. */
  get peerCount(): number {
    return this.#peers.size;
  }

  attach(server: Server): void {
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(req, socket, head));
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    let admission: Admission;
    try {
      admission = this.#admit(req);
    } catch (e) {
      upgradeRefusal(socket, e instanceof TrackerError ? e : new TrackerError("INTERNAL"));
      return;
    }
    const handle = (wss: WebSocketServer) => wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, admission));
    if (this.#wss) {
      handle(this.#wss);
      return;
    }
    this.#server().then(
      (wss) => {
        if (socket.destroyed) return;
        if (this.#state !== "running")
          upgradeRefusal(socket, new TrackerError("UNAVAILABLE", "The gateway is shutting down"));
        else handle(wss);
      },
      () => upgradeRefusal(socket, new TrackerError("INTERNAL")),
    );
  }

  #server(): Promise<WebSocketServer> {
    this.#loading ??= import("ws").then(({ WebSocketServer }) => {
      const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });
      // A malformed handshake (bad key, version or method) gets the envelope too, not ws's text.
      wss.on("wsClientError", (err, socket) =>
        upgradeRefusal(socket, new TrackerError("MALFORMED_HTTP", `Invalid WebSocket upgrade: ${err.message}`)),
      );
      this.#wss = wss;
      return wss;
    });
    return this.#loading;
  }

  /** Checks an upgrade request: path, opt-ins (a bad value is refused before any token check), token. */
  #admit(req: IncomingMessage): Admission {
    const url = req.url ?? "";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    if (this.#state !== "running") throw new TrackerError("UNAVAILABLE", "The gateway is shutting down");
    if (path !== WS_PATH && path !== `${WS_PATH}/`) throw new TrackerError("NOT_FOUND");
    // Other query parameters are ignored, as they always were.
    const floorplan = q < 0 ? false : booleanParam(parseQuery(url.slice(q + 1)), WS_FLOORPLAN_PARAM);
    if (req.headers.authorization === undefined) return { token: undefined, floorplan };
    const token = this.#ctx.tokens.authenticate(req.headers.authorization, req.socket.remoteAddress ?? null);
    return { token, floorplan };
  }

  #accept(ws: WebSocket, { token, floorplan }: Admission): void {
    const peer: Peer = { ws, token, alive: true, floorplan };
    this.#peers.add(peer);
    ws.on("pong", () => {
      peer.alive = true;
    });
    ws.on("close", () => {
      this.#peers.delete(peer);
      this.#subscribers.delete(peer);
    });
    ws.on("error", () => ws.terminate());
    if (token !== undefined) {
      this.#subscribe(peer);
      return;
    }

    const timer = setTimeout(
      () => ws.close(WS_CLOSE.AUTH_TIMEOUT, `No access token within ${this.#opts.authTimeoutMs / 1000} seconds`),
      this.#opts.authTimeoutMs,
    );
    ws.once("close", () => clearTimeout(timer));
    ws.once("message", (data, isBinary) => {
      clearTimeout(timer);
      let msg: unknown;
      try {
        msg = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        msg = undefined;
      }
      const secret = msg && typeof msg === "object" ? (msg as Partial<AuthFrame>).accesstoken : undefined;
      if (typeof secret !== "string") {
        const err = new TrackerError("INVALID_JSON", 'Invalid first frame: send {"accesstoken": "<token>"}');
        this.#refuse(ws, err, WS_CLOSE.BAD_FRAME);
        return;
      }
      if (!this.#ctx.tokens.verify(secret)) {
        this.#refuse(ws, new TrackerError("INVALID_TOKEN"), WS_CLOSE.INVALID_TOKEN);
        return;
      }
      peer.token = this.#ctx.tokens.authenticate(`Bearer ${secret}`, null);
      this.#subscribe(peer);
    });
  }

  #subscribe(peer: Peer): void {
    // Snapshot and subscription in the same synchronous step: nothing can come between.
    const { orders, clock, settings } = this.#ctx;
    const now = clock.now();
    const items = orders.list().map((o) => toActiveOrder(o, now, settings.zone));
    peer.ws.send(
      JSON.stringify({ type: "ACTIVE_ORDERS", seq: orders.seq, count: items.length, items } satisfies SnapshotFrame),
    );
    this.#subscribers.add(peer);
    // Later frames from an authenticated client carry nothing we act on.
    peer.ws.on("message", () => {});
  }

  #broadcast(e: OrderEvent): void {
    if (this.#subscribers.size === 0) return;
    const order = toActiveOrder(e.order, this.#ctx.clock.now(), this.#ctx.settings.zone);
    this.#sendAll(JSON.stringify({ type: e.type, seq: e.seq, ...order } satisfies OrderEventFrame));
  }

  /** [opentt] Only to the clients that asked for it (spec §4 says nothing of unknown frame types). */
  #broadcastFloorplan(plan: FloorPlan): void {
    this.#sendAll(
      JSON.stringify({ type: "FLOORPLAN_CHANGED", floorplan: plan } satisfies FloorplanFrame),
      (p) => p.floorplan,
    );
  }

  /** The same bytes to every subscriber (that `to` admits); one that cannot keep up is cut off. */
  #sendAll(frame: string, to?: (peer: Peer) => boolean): void {
    for (const peer of this.#subscribers) {
      if (to && !to(peer)) continue;
      if (peer.ws.bufferedAmount > this.#opts.maxBacklogBytes) {
        this.#cutOff(peer);
        continue;
      }
      peer.ws.send(frame);
    }
  }

  #cutOff(peer: Peer): void {
    this.#subscribers.delete(peer);
    peer.ws.close(WS_CLOSE.BACKLOG, `Backlog over ${sizeText(this.#opts.maxBacklogBytes)}: reconnect and resync`);
    // A reader that is stuck will not read the close frame either.
    setTimeout(() => peer.ws.terminate(), 2_000).unref();
  }

  #refuse(ws: WebSocket, err: TrackerError, code: number): void {
    ws.send(JSON.stringify(err.toEnvelope()));
    ws.close(code, err.message.slice(0, 120));
  }

  #ping(): void {
    for (const p of this.#peers) {
      if (!p.alive) {
        p.ws.terminate();
        continue;
      }
      p.alive = false;
      p.ws.ping();
    }
  }

  /** Idempotent: says goodbye (1001) to every client, then forgets them. */
  async close(): Promise<void> {
    if (this.#state !== "running") return;
    this.#state = "closing";
    clearInterval(this.#heartbeat);
    for (const u of this.#unsubscribe) u();
    for (const p of this.#peers) p.ws.close(WS_CLOSE.GOING_AWAY, "Gateway shutting down");
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(deadline);
        clearInterval(check);
        resolve();
      };
      const deadline = setTimeout(() => {
        for (const p of this.#peers) p.ws.terminate();
        done();
      }, 1_000);
      const check = setInterval(() => this.#peers.size === 0 && done(), 20);
    });
    this.#wss?.close();
    this.#state = "closed";
  }
}
