// The envelope rules of spec §0/§3, checked on every reply an API test receives: JSON,
// `status` repeating the HTTP status, an integer `returnCode`, and a `message` exactly on
// errors and confirmations (1001-1013), never on data.
import { expect } from "vitest";
import { type CallResult, call } from "./gateway.js";

export function expectEnvelope(r: CallResult): void {
  expect(r.headers.get("content-type") ?? "", "Content-Type").toMatch(/^application\/json/);
  expect(r.body.status, "status repeats the HTTP status").toBe(r.status);
  expect(Number.isInteger(r.body.returnCode), "integer returnCode").toBe(true);
  const code = r.body.returnCode as number;
  const needsMessage = code < 0 || (code >= 1001 && code <= 1013);
  if (needsMessage) {
    expect(typeof r.body.message === "string" && r.body.message.length > 0, "message on an error/confirmation").toBe(
      true,
    );
  } else if (code !== 1) {
    // GET /api/v2 (returnCode 1) keeps the original's greeting [opentt, README].
    expect(r.body, "a data reply has no message").not.toHaveProperty("message");
  }
  if (code < 0) expect(r.status).toBeGreaterThanOrEqual(400);
}

/** call() plus the envelope check. */
export async function api(
  base: string,
  method: string,
  route: string,
  opts: Parameters<typeof call>[3] = {},
): Promise<CallResult> {
  const r = await call(base, method, route, opts);
  expectEnvelope(r);
  return r;
}

/** Asserts an error envelope with this HTTP status and returnCode. */
export function expectError(r: CallResult, status: number, returnCode: number): void {
  expect({ status: r.status, returnCode: r.body.returnCode, message: r.body.message }).toEqual({
    status,
    returnCode,
    message: expect.any(String),
  });
}
