// The one reply builder: every success envelope is written here (spec §0, §3). Data replies
// carry no `message`; confirmations (1001-1013) always do. Typed by protocol/replies.ts: the
// payload must be the one its code carries, and a route may only answer its own codes.
import type { FastifyReply } from "fastify";
import type { ReplyBody, ReplyPayloads, SuccessCode } from "../protocol/replies.js";
import { isConfirmation, returnCodes } from "../protocol/return-codes.js";

/** What send() hands back: the reply, branded with the code it carried. */
export type Sent<C extends SuccessCode> = FastifyReply & { readonly __sentCode?: C };

/** Confirmations take no data (only a more precise message); every other code takes its payload. */
export type PayloadArgs<C extends SuccessCode> = ReplyPayloads[C] extends undefined
  ? [data?: undefined, message?: string]
  : [data: ReplyPayloads[C], message?: string];

export function envelope<C extends SuccessCode>(code: C, ...[data, message]: PayloadArgs<C>): ReplyBody<C> {
  const { returnCode, httpStatus } = returnCodes[code];
  const body: Record<string, unknown> = { status: httpStatus, returnCode };
  if (isConfirmation(returnCode)) body.message = message ?? returnCodes[code].message;
  return (data ? Object.assign(body, data) : body) as ReplyBody<C>;
}

export function send<C extends SuccessCode>(reply: FastifyReply, code: C, ...args: PayloadArgs<C>): Sent<C> {
  return reply.code(returnCodes[code].httpStatus).send(envelope(code, ...args));
}

/** A reply serialised once and sent many times: the envelope is already in `body`. */
export interface PreparedReply<C extends SuccessCode = SuccessCode> {
  readonly code: C;
  readonly body: Buffer;
}

/**
 * The envelope around data that is already JSON text (an object, whose keys are not the
 * envelope's own). The result is the bytes `send` would write for the parsed data: the
 * envelope's keys first, then the data's, as Object.assign orders them.
 */
export function prepare<C extends SuccessCode>(code: C, dataJson: string): PreparedReply<C> {
  const { returnCode, httpStatus } = returnCodes[code];
  const head = JSON.stringify(
    isConfirmation(returnCode)
      ? { status: httpStatus, returnCode, message: returnCodes[code].message }
      : { status: httpStatus, returnCode },
  );
  const fields = dataJson.slice(1, -1);
  const text = fields === "" ? head : `${head.slice(0, -1)},${fields}}`;
  return { code, body: Buffer.from(text, "utf8") };
}

// fastify's own content type for a serialised object; set here so the bytes do not change.
export const JSON_TYPE = "application/json; charset=utf-8";

export function sendPrepared<C extends SuccessCode>(reply: FastifyReply, prepared: PreparedReply<C>): Sent<C> {
  return reply.code(returnCodes[prepared.code].httpStatus).type(JSON_TYPE).send(prepared.body);
}
