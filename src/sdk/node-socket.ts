// Node's WebSocket for the subscription: the `ws` package, with the token on the upgrade request
// (spec §4 header auth). A refused upgrade is reported like a refused first frame — the error
// envelope as a message, then the close code a WebSocket refusal would carry — so the session
// handles both the same way.
import WebSocket from "ws";
import { WS_CLOSE } from "../protocol/wire.js";
import type { SocketFactory, SocketLike } from "./socket.js";

/** Close codes standing in for an HTTP refusal of the upgrade. */
function closeCodeFor(httpStatus: number): number {
  if (httpStatus === 401) return WS_CLOSE.INVALID_TOKEN;
  if (httpStatus === 400) return WS_CLOSE.BAD_FRAME;
  return 1006;
}

/** How often the client pings; a connection with no pong by the next ping is given up. */
const CLIENT_PING_MS = 15_000;

/**
 * Ends a connection whose peer stopped answering pings. When DHCP renumbers the gateway's box
 * without a restart, nothing (not even a FIN) comes back from the old address: without this the
 * socket looks open for good and the session never retries, so it never rediscovers.
 */
function keepAlive(ws: WebSocket): void {
  let answered = true;
  const timer = setInterval(() => {
    if (!answered) return void ws.terminate(); // emits close (1006): the session retries
    answered = false;
    ws.ping();
  }, CLIENT_PING_MS);
  timer.unref();
  ws.on("pong", () => {
    answered = true;
  });
  ws.once("close", () => clearInterval(timer));
}

/**
 * Opens a `ws` connection that authenticates with `Authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * subscribe({ baseUrl, token, connect: headerAuthSocket }); // what opentt/sdk/node does by default
 * ```
 */
export const headerAuthSocket: SocketFactory = (url, token) => {
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
  let refusedWith: number | undefined;
  const socket: SocketLike = {
    send: (data) => ws.send(data),
    close: (code, reason) => {
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(code, reason);
    },
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
  };
  ws.on("open", () => {
    keepAlive(ws);
    socket.onopen?.({});
  });
  ws.on("message", (data, isBinary) => socket.onmessage?.({ data: isBinary ? data : data.toString() }));
  ws.on("error", (e) => socket.onerror?.(e));
  ws.on("close", (code, reason) => socket.onclose?.({ code: refusedWith ?? code, reason: reason.toString() }));
  ws.on("unexpected-response", (_req, res) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => {
      refusedWith = closeCodeFor(res.statusCode ?? 0);
      const body = Buffer.concat(chunks).toString();
      if (body.startsWith("{")) socket.onmessage?.({ data: body });
      ws.terminate();
    });
    res.on("error", () => ws.terminate());
  });
  return { socket, headerAuth: true };
};

/**
 * A `ws` connection that authenticates with the first frame, as a browser must.
 *
 * @example
 * ```ts
 * subscribe({ baseUrl, token, connect: frameAuthSocket }); // = subscribe({ …, auth: "frame" })
 * ```
 */
export const frameAuthSocket: SocketFactory = (url) => {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.once("open", () => keepAlive(ws));
  return { socket: ws as unknown as SocketLike, headerAuth: false };
};
