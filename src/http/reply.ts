// The one reply builder: every success envelope is written here (spec §0, §3). Data replies
// carry no `message`; confirmations (1001-1013) always do.
import type { FastifyReply } from "fastify";
import { type CodeName, isConfirmation, returnCodes } from "../protocol/return-codes.js";

export function envelope(code: CodeName, data?: Record<string, unknown>, message?: string): Record<string, unknown> {
  const { returnCode, httpStatus } = returnCodes[code];
  const body: Record<string, unknown> = { status: httpStatus, returnCode };
  if (isConfirmation(returnCode)) body.message = message ?? returnCodes[code].message;
  return data ? Object.assign(body, data) : body;
}

export function send(
  reply: FastifyReply,
  code: CodeName,
  data?: Record<string, unknown>,
  message?: string,
): FastifyReply {
  return reply.code(returnCodes[code].httpStatus).send(envelope(code, data, message));
}

/** A reply serialised once and sent many times: the envelope is already in `body`. */
export interface PreparedReply {
  readonly code: CodeName;
  readonly body: Buffer;
}

/**
 * The envelope around data that is already JSON text (an object, whose keys are not the
 * envelope's own). The result is the bytes `send` would write for the parsed data: the
 * envelope's keys first, then the data's, as Object.assign orders them.
 */
export function prepare(code: CodeName, dataJson: string): PreparedReply {
  const head = JSON.stringify(envelope(code));
  const fields = dataJson.slice(1, -1);
  const text = fields === "" ? head : `${head.slice(0, -1)},${fields}}`;
  return { code, body: Buffer.from(text, "utf8") };
}

// fastify's own content type for a serialised object; set here so the bytes do not change.
export const JSON_TYPE = "application/json; charset=utf-8";

export function sendPrepared(reply: FastifyReply, prepared: PreparedReply): FastifyReply {
  return reply.code(returnCodes[prepared.code].httpStatus).type(JSON_TYPE).send(prepared.body);
}
