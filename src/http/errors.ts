// The one place errors become envelopes: TrackerError renders itself, framework errors map
// to their contract code, and anything unknown is a 500 whose cause goes to the log only.
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

export function toTrackerError(err: unknown): TrackerError | undefined {
  if (err instanceof TrackerError) return err;
  if (err && typeof err === "object" && "code" in err) return fromFramework(err as FastifyError);
  return undefined;
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  let te = toTrackerError(err);
  if (!te) {
    req.log.error({ err }, "unhandled error");
    te = new TrackerError("INTERNAL");
  }
  if (te.httpStatus >= 500) req.log.warn({ returnCode: te.returnCode }, te.message);
  reply.code(te.httpStatus).send(te.toEnvelope());
}
