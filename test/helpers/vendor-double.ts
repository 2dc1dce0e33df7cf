// The strict vendor double (issue 17 point 2): a small LRS gateway that speaks only the vendor
// subset of api-v2.md (no section marked [opentt]): WebSocket frames without `seq`, no event for
// clears, no /sim, no token list, no inventory, no /radio, no `total`, no opentt settings keys.
// Anything else is refused with the vendor's error envelope and recorded in `refused`, so a test
// that ends with `refused` empty proves the bridge used nothing but the vendor's API.
// The test scripts it: trackers start, locate and dock; tokens are revoked; it goes down, comes
// back, restarts with what happened meanwhile, or moves to another port.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { formatLocal } from "../../src/protocol/local-time.js";

type State = "started" | "located";
export interface VendorOrder {
  name: string;
  uuid: string;
  orderType: "ON_PREMISE" | "TO_GO";
  locationName: string;
  state: State;
  created: number;
  stateChanged: number;
  paged: boolean;
}

export interface Refusal {
  method: string;
  path: string;
  status: number;
  returnCode: number;
}

const ZONE = "UTC";
const TOKEN = /^[0-9a-f]{48}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export class VendorDouble {
  readonly orders = new Map<string, VendorOrder>();
  /** Trackers the double's radio has heard of: paging any other order is -14. */
  readonly trackers = new Set<string>();
  readonly paging = new Map<string, boolean>();
  readonly tokens = new Set<string>();
  /** Every request, method and path (query included). */
  readonly requests: string[] = [];
  /** Requests outside the vendor's API (-5, -31); its ordinary refusals (-14, -2…) are not here. */
  readonly refused: Refusal[] = [];
  /** Whether to send WebSocket events at all (a vendor firmware that only answers polls). */
  wsEvents = true;
  port = 0;
  #server?: Server;
  #wss = new WebSocketServer({ noServer: true });
  readonly #sockets = new Set<Socket>();
  readonly #clients = new Set<WebSocket>();
  #buttonUntil = 0;

  /** WebSocket clients connected now (a frame sent now reaches this many). */
  get sockets(): number {
    return this.#clients.size;
  }

  /** Listens on 127.0.0.1 (port 0 the first time, the same port afterwards unless told). */
  async up(port = this.port): Promise<this> {
    const server = createServer((req, res) => this.#handle(req, res));
    server.on("connection", (s) => {
      this.#sockets.add(s);
      s.on("close", () => this.#sockets.delete(s));
    });
    server.on("upgrade", (req, socket, head) => this.#upgrade(req, socket as Socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.#server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Gone from the network: every connection cut, nothing listening. */
  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const c of this.#clients) c.terminate();
    this.#clients.clear();
    for (const s of this.#sockets) s.destroy();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Press the button: generate works for 120 s. */
  pressButton(): void {
    this.#buttonUntil = Date.now() + 120_000;
  }

  /** A token minted as if through the button (what an installer does once). */
  mint(): string {
    const t = randomBytes(24).toString("hex");
    this.tokens.add(t);
    return t;
  }

  revokeAll(): void {
    this.tokens.clear();
    for (const c of this.#clients) c.close(4401);
  }

  // ---- the floor, as the vendor's radio reports it

  start(name: string, orderType: VendorOrder["orderType"] = "ON_PREMISE"): VendorOrder {
    this.trackers.add(name);
    const existing = this.orders.get(name);
    if (existing) return existing;
    const now = Date.now();
    const o: VendorOrder = {
      name,
      uuid: randomUUID(),
      orderType,
      locationName: "",
      state: "started",
      created: now,
      stateChanged: now,
      paged: false,
    };
    this.orders.set(name, o);
    this.#broadcast("ORDER_CREATED", o);
    return o;
  }

  locate(name: string, table: string): VendorOrder {
    const o = this.orders.get(name) ?? this.start(name);
    if (o.state !== "located") o.stateChanged = Date.now();
    o.state = "located";
    o.locationName = table;
    this.#broadcast("ORDER_MODIFIED", o);
    return o;
  }

  /** The tracker is docked: the order leaves the list, and the vendor sends no event for it. */
  dock(name: string): void {
    this.trackers.add(name);
    this.orders.delete(name);
    this.paging.delete(name);
  }

  // ---- HTTP

  #handle(req: IncomingMessage, res: ServerResponse): void {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d.toString();
    });
    req.on("end", () => {
      const method = req.method ?? "GET";
      const url = new URL(req.url ?? "/", "http://double");
      this.requests.push(`${method} ${url.pathname}${url.search}`);
      const send = (status: number, payload: Record<string, unknown>): true => {
        const code = payload.returnCode as number;
        // Outside the vendor subset (an [opentt] route, field or query): the proof the tests read.
        if (code === -5 || code === -31)
          this.refused.push({ method, path: url.pathname + url.search, status, returnCode: code });
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ status, ...payload }));
        return true;
      };
      try {
        this.#route(method, url, req, body, send);
      } catch (e) {
        send(400, { returnCode: -31, message: `Invalid JSON payload: ${(e as Error).message}` });
      }
    });
  }

  #route(
    method: string,
    url: URL,
    req: IncomingMessage,
    body: string,
    send: (status: number, p: Record<string, unknown>) => true,
  ): true {
    const p = url.pathname;
    const noQuery = () => {
      if (url.search) throw new Error(`the vendor takes no query on ${p}`);
    };
    if (p === "/api/v2" && method === "GET") return send(200, { returnCode: 1, message: "Table Tracker API v2" });
    if (p === "/api/v2/accesstoken/generate" && method === "GET") {
      if (Date.now() > this.#buttonUntil)
        return send(403, { returnCode: -3, message: "Token window closed, press the gateway button" });
      const token = this.mint();
      const name = url.searchParams.get("name") ?? "default";
      return send(201, {
        returnCode: 2,
        token: { name, token, creation_date: formatLocal(Date.now(), ZONE), last_used: null, ip_address: null },
      });
    }
    const known =
      /^\/api\/v2\/(activeorders(\/[^/]+(\/page)?)?|orders|gateway\/settings|websocket)$/.test(p) &&
      !p.endsWith("/guest_paging");
    if (!known) return send(404, { returnCode: -5, message: "API unavailable" });
    const auth = req.headers.authorization;
    if (auth === undefined) return send(401, { returnCode: -2, message: "Invalid access token" });
    const m = /^Bearer (.*)$/.exec(auth);
    if (!m?.[1] || !TOKEN.test(m[1])) return send(400, { returnCode: -1, message: "Malformed authorization header" });
    if (!this.tokens.has(m[1])) return send(401, { returnCode: -2, message: "Invalid access token" });
    const json = (): Record<string, unknown> => (body.trim() === "" ? {} : JSON.parse(body));
    const only = (o: Record<string, unknown>, keys: string[]) => {
      for (const k of Object.keys(o)) if (!keys.includes(k)) throw new Error(`the vendor knows no field "${k}"`);
      return o;
    };

    if (p === "/api/v2/activeorders") {
      noQuery();
      if (method === "GET") {
        const items = [...this.orders.values()].map((o) => this.#view(o));
        return send(200, { returnCode: 5, count: items.length, items });
      }
      if (method === "DELETE") {
        const n = this.orders.size;
        this.orders.clear();
        return send(200, { returnCode: 8, count: n });
      }
      if (method === "POST") {
        const b = only(json(), ["name", "orderType", "locationName"]);
        const name = String(b.name ?? "");
        if (!/^[0-9]{1,9}$/.test(name)) return send(400, { returnCode: -9, message: "Invalid order name" });
        const o = this.orders.get(name);
        if (!o) {
          const type = b.orderType === "TO_GO" ? "TO_GO" : "ON_PREMISE";
          const heard = this.trackers.has(name);
          const created = this.start(name, type);
          // An order typed in at the POS has no tracker the radio has heard of.
          if (!heard) this.trackers.delete(name);
          if (typeof b.locationName === "string") this.locate(name, b.locationName);
          return send(201, { returnCode: 3, activeorder: this.#view(created) });
        }
        if (typeof b.locationName === "string") this.locate(name, b.locationName);
        return send(200, { returnCode: 4, activeorder: this.#view(o) });
      }
      return send(405, { returnCode: -5, message: "API unavailable" });
    }
    const one = /^\/api\/v2\/activeorders\/([^/]+)(\/page)?$/.exec(p);
    if (one) {
      noQuery();
      const id = one[1] ?? "";
      if (!/^[0-9]{1,9}$/.test(id) && !UUID.test(id)) return send(400, { returnCode: -7, message: "Invalid order id" });
      const o = [...this.orders.values()].find((x) => x.name === id || x.uuid === id);
      if (!o) return send(404, { returnCode: -6, message: "Order not found" });
      if (one[2]) {
        if (method === "POST") {
          const b = only(json(), ["tracking"]);
          if (b.tracking !== undefined && typeof b.tracking !== "boolean")
            return send(400, { returnCode: -15, message: "Invalid boolean" });
          if (!this.trackers.has(o.name))
            return send(409, { returnCode: -14, message: "Paging is not possible for this order" });
          o.paged = true;
          this.paging.set(o.name, b.tracking !== false);
          this.#broadcast("ORDER_PAGED", o);
          return send(200, { returnCode: 12, activeorder: this.#view(o) });
        }
        if (method === "DELETE") {
          const was = this.paging.delete(o.name);
          return was
            ? send(200, { returnCode: 1002, message: "Paging canceled" })
            : send(200, { returnCode: 1003, message: "No tracker was paging" });
        }
        return send(405, { returnCode: -5, message: "API unavailable" });
      }
      if (method === "GET") return send(200, { returnCode: 6, activeorder: this.#view(o) });
      if (method === "DELETE") {
        this.orders.delete(o.name);
        this.paging.delete(o.name);
        return send(200, { returnCode: 7, activeorder: { ...this.#view(o), state: "cleared" } });
      }
      return send(405, { returnCode: -5, message: "API unavailable" });
    }
    if (p === "/api/v2/gateway/settings" && method === "GET") {
      noQuery();
      return send(200, { returnCode: 13, settings: { zigbeePreset: "A", targetTimeDefault: 300, timezone: ZONE } });
    }
    if (p === "/api/v2/orders" && method === "GET") {
      for (const k of url.searchParams.keys())
        if (!["offset", "limit", "created_after", "created_before", "order_type", "location_name"].includes(k))
          throw new Error(`the vendor knows no query parameter "${k}"`);
      return send(200, { returnCode: 9, count: 0, items: [] });
    }
    return send(405, { returnCode: -5, message: "API unavailable" });
  }

  #view(o: VendorOrder): Record<string, unknown> {
    return {
      name: o.name,
      uuid: o.uuid,
      orderType: o.orderType,
      locationName: o.locationName,
      state: o.state,
      created: formatLocal(o.created, ZONE),
      stateChanged: formatLocal(o.stateChanged, ZONE),
      paged: o.paged,
      elapsedTime: Math.floor((Date.now() - o.created) / 1000),
    };
  }

  // ---- WebSocket (spec §4 without seq)

  #upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const p = new URL(req.url ?? "/", "http://double").pathname;
    this.requests.push(`WS ${p}`);
    const auth = /^Bearer ([0-9a-f]{48})$/.exec(req.headers.authorization ?? "")?.[1];
    if (p !== "/api/v2/websocket" || (req.headers.authorization !== undefined && !this.tokens.has(auth ?? ""))) {
      if (p !== "/api/v2/websocket") this.refused.push({ method: "WS", path: p, status: 404, returnCode: -5 });
      socket.end("HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\r\n");
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      if (auth) return this.#welcome(ws);
      ws.once("message", (data) => {
        try {
          const t = (JSON.parse(String(data)) as { accesstoken?: unknown }).accesstoken;
          if (typeof t === "string" && this.tokens.has(t)) return this.#welcome(ws);
        } catch {}
        ws.send(JSON.stringify({ status: 401, returnCode: -2, message: "Invalid access token" }));
        ws.close(4401);
      });
    });
  }

  #welcome(ws: WebSocket): void {
    this.#clients.add(ws);
    ws.on("close", () => this.#clients.delete(ws));
    const items = [...this.orders.values()].map((o) => this.#view(o));
    ws.send(JSON.stringify({ type: "ACTIVE_ORDERS", count: items.length, items }));
  }

  #broadcast(type: string, o: VendorOrder): void {
    if (!this.wsEvents) return;
    const frame = JSON.stringify({ type, ...this.#view(o) });
    for (const c of this.#clients) c.send(frame);
  }
}

export async function startVendorDouble(): Promise<VendorDouble> {
  return new VendorDouble().up(0);
}
