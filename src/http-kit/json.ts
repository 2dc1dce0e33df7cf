// Liberal JSON bodies (spec §0), for both servers: Content-Type on bodyless GET/DELETE,
// charset parameters, an empty body meaning "no options", and JSON sent with another or no
// Content-Type. Text that is not JSON is the contract's -31.
import type { FastifyInstance } from "fastify";
import { TrackerError } from "../protocol/tracker-error.js";

export function useLiberalJson(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(["application/json", "*"], { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new TrackerError("INVALID_JSON", "Invalid JSON payload: the body is not valid JSON"));
    }
  });
}
