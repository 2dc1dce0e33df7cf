// A real `ws` client for tests: frames are queued as parsed JSON and awaited with a timeout;
// `closed` resolves with the close code. Waiting is always on an event, never a sleep.
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import WebSocket, { type ClientOptions } from "ws";

export type Frame = Record<string, unknown>;

export interface TestClient {
  ws: WebSocket;
  /** The TCP socket under the client (pause it to play a reader that stopped reading). */
  socket: Socket;
  /** Every frame received so far, in order. */
  frames: Frame[];
  /** Resolves when the socket is open. */
  opened: Promise<void>;
  /** Resolves with the close code (1006 when the server just dropped the connection). */
  closed: Promise<{ code: number; reason: string }>;
  /** The next frame not yet taken by next(). */
  next(timeoutMs?: number): Promise<Frame>;
  /** Waits until `count` frames have arrived in total; returns them all. */
  waitFrames(count: number, timeoutMs?: number): Promise<Frame[]>;
  /** A ping round trip: every frame the server sent before it has been received. */
  barrier(timeoutMs?: number): Promise<void>;
  send(value: unknown): void;
  close(): void;
}

export function wsUrl(base: string, path = "/api/v2/websocket"): string {
  return base.replace(/^http/, "ws") + path;
}

export function connect(
  base: string,
  opts: { token?: string; headers?: Record<string, string>; path?: string; ws?: ClientOptions } = {},
): TestClient {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const ws = new WebSocket(wsUrl(base, opts.path), { headers, ...opts.ws });
  const frames: Frame[] = [];
  let taken = 0;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  let socket: Socket | undefined;
  ws.on("upgrade", (res: IncomingMessage) => {
    socket = res.socket as Socket;
  });
  ws.on("message", (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    notify();
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  opened.catch(() => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once("close", (code, reason) => {
      notify();
      resolve({ code, reason: reason.toString() });
    });
  });
  ws.on("error", () => {});

  const waitFor = <T>(ready: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = ready();
        if (v !== undefined) {
          done();
          resolve(v);
        } else if (ws.readyState === WebSocket.CLOSED) {
          done();
          reject(new Error(`socket closed while waiting for ${what} (${frames.length} frames)`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what} (${frames.length} frames)`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return {
    ws,
    get socket() {
      if (!socket) throw new Error("not upgraded yet");
      return socket;
    },
    frames,
    opened,
    closed,
    next: (timeoutMs = 5_000) =>
      waitFor(() => (taken < frames.length ? frames[taken++] : undefined), timeoutMs, `frame #${taken + 1}`),
    waitFrames: (count, timeoutMs = 10_000) =>
      waitFor(() => (frames.length >= count ? frames.slice() : undefined), timeoutMs, `${count} frames`),
    barrier: (timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no pong")), timeoutMs);
        ws.once("pong", () => {
          clearTimeout(timer);
          resolve();
        });
        ws.ping();
      }),
    send: (value) => ws.send(typeof value === "string" ? value : JSON.stringify(value)),
    close: () => ws.close(),
  };
}

/** Resolves with the HTTP status and JSON body of a refused upgrade. */
export function refusedUpgrade(
  base: string,
  headers: Record<string, string>,
  path = "/api/v2/websocket",
): Promise<{ status: number; body: Frame }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(base, path), { headers });
    ws.once("open", () => reject(new Error("the upgrade was accepted")));
    ws.once("error", () => {});
    ws.once("unexpected-response", (_req, res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Frame }));
    });
  });
}
