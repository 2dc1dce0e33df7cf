// The bare baselines: node:http answering fixed bytes, and a ws server broadcasting fixed bytes.
// They load nothing else, so their process is a fair floor for time and memory.
import http from "node:http";
import { type WebSocket, WebSocketServer } from "ws";
import { closeServer, KEEP_ALIVE_MS, listen, type Starter } from "./net.js";

/** A bare node:http server answering every request with the given status, headers and body. */
export const bareHttp: Starter = async (opts) => {
  const body = Buffer.from(String(opts.body));
  const headers = { ...(opts.headers as Record<string, string>), "content-length": String(body.length) };
  const status = Number(opts.status ?? 200);
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  const port = await listen(server);
  return { info: { port }, commands: {}, stop: () => closeServer(server) };
};

/** A bare ws server: POST /broadcast sends the given frame to every client, then answers. */
export const bareWs: Starter = async (opts) => {
  const frame = String(opts.frame);
  const clients = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      for (const ws of clients) ws.send(frame);
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.on("upgrade", (req, socket, head) => {
    socket.on("error", () => socket.destroy());
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on("close", () => clients.delete(ws));
      ws.on("error", () => ws.terminate());
    });
  });
  const port = await listen(server);
  return {
    info: { port },
    commands: { clients: () => clients.size },
    stop: async () => {
      for (const ws of clients) ws.terminate();
      wss.close();
      await closeServer(server);
    },
  };
};
