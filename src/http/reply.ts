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
