// The one place errors become envelopes, for both servers (the gateway and the cloud):
// TrackerError renders itself, framework errors map to their contract code, and anything
// unknown is a 500 whose cause goes to the log only.
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { TrackerError } from "../protocol/tracker-error.js";

function fromFramework(e: FastifyError): TrackerError | undefined {
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new TrackerError("BODY_TOO_LARGE");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_TYPE":
      return new TrackerError(
        "INVALID_JSON",
        "Invalid request body: send a JSON object with Content-Type: application/json",
      );
    case "FST_ERR_CTP_BODY_TOO_LARGE_PAYLOAD":
      return new TrackerError("BODY_TOO_LARGE");
    default:
      break;
  }
  if (e.statusCode === 413) return new TrackerError("BODY_TOO_LARGE");
  if (e.statusCode === 400 || e.statusCode === 415) {
    return new TrackerError("INVALID_JSON", "Invalid request: check the body and headers");
  }
  return undefined;
}

/**
 * SQLite could not take a write (disk full, another program holding the lock, I/O error,
 * read-only disk): the transaction rolled back, nothing changed, and the client may retry, so
 * 503 rather than 500. better-sqlite3 reports the extended code, e.g. SQLITE_IOERR_WRITE.
 */
function fromSqlite(code: string): TrackerError | undefined {
  if (code === "SQLITE_FULL") return new TrackerError("STORAGE_FULL");
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return new TrackerError("STORAGE_BUSY");
  if (code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_CANTOPEN")) {
    return new TrackerError("STORAGE_FAILED");
  }
  return undefined;
}

export function toTrackerError(err: unknown): TrackerError | undefined {
  if (err instanceof TrackerError) return err;
  if (err && typeof err === "object" && "code" in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return fromSqlite(code);
    return fromFramework(err as FastifyError);
  }
  return undefined;
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  let te = toTrackerError(err);
  if (!te) {
    req.log.error(
      { err, method: req.method, url: req.url },
      "unhandled error (the client got 500): a bug, report it with this line",
    );
    te = new TrackerError("INTERNAL");
  }
  if (te.httpStatus >= 500) {
    // The SQLite code says what the disk did; the client only needs to know it may retry.
    const cause = err && typeof err === "object" && "code" in err ? String(err.code) : undefined;
    req.log.warn({ returnCode: te.returnCode, cause, method: req.method, url: req.url }, te.message);
  }
  if (te.httpStatus === 503) reply.header("retry-after", "5");
  sendError(reply, te);
}

/** The error envelope on the wire: status, returnCode, message (spec §0, §3). */
export function sendError(reply: FastifyReply, te: TrackerError): FastifyReply {
  return reply.code(te.httpStatus).send(te.toEnvelope());
}

/**
 * Requests the HTTP parser refuses never reach a route; they still get the contract envelope
 * (fastify's default body is not one), then the connection is closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const te =
    err.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? new TrackerError("REQUEST_TIMEOUT")
      : err.code === "HPE_HEADER_OVERFLOW"
        ? new TrackerError("HEADERS_TOO_LARGE")
        : new TrackerError("MALFORMED_HTTP");
  // Like Node's own handler: no second reply on a connection whose response is already going
  // out (e.g. the rest of a refused 413 body arriving after the reply).
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) return void socket.destroy();
  const body = JSON.stringify(te.toEnvelope());
  socket.end(
    `HTTP/1.1 ${te.httpStatus} ${STATUS_CODES[te.httpStatus] ?? "Error"}\r\n` +
      "Content-Type: application/json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n" +
      body,
    () => socket.destroy(),
  );
}
