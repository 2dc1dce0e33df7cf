// An upgrade refused before it becomes a WebSocket: a plain HTTP reply with the error
// envelope (spec §4: a bad token on the upgrade is refused with 401 and the error JSON).
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { TrackerError } from "../protocol/tracker-error.js";

export function upgradeRefusal(socket: Duplex, err: TrackerError): void {
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify(err.toEnvelope());
  socket.end(
    `HTTP/1.1 ${err.httpStatus} ${STATUS_CODES[err.httpStatus] ?? "Error"}\r\n` +
      "Content-Type: application/json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Access-Control-Allow-Origin: *\r\n" +
      "Connection: close\r\n\r\n" +
      body,
  );
}
