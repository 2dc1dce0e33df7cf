// The SDK's one error class: every failure a client sees — an error envelope from the gateway,
// an unreachable gateway, a reply that is not the contract's — is a TrackerApiError whose
// `code` callers can switch on. Codes from the gateway come from src/protocol/return-codes.ts.
import { type CodeName, codeNamesFor, returnCodes } from "../protocol/return-codes.js";

/** Failures that happen before the gateway could answer with an envelope [SDK only]. */
export type ClientCode = "UNREACHABLE" | "BAD_REPLY" | "UNKNOWN_CODE";

export type TrackerApiErrorCode = CodeName | ClientCode;

/**
 * A call the gateway refused, or one that never reached it.
 *
 * @example
 * ```ts
 * try {
 *   await client.getOrder("42");
 * } catch (e) {
 *   if (e instanceof TrackerApiError && e.code === "ORDER_NOT_FOUND") console.log("no such order");
 *   else throw e;
 * }
 * ```
 */
export class TrackerApiError extends Error {
  /** Name from the return-code table (e.g. `ORDER_NOT_FOUND`), or a {@link ClientCode}. */
  readonly code: TrackerApiErrorCode;
  /** The envelope's `returnCode`; null when the gateway did not answer with one. */
  readonly returnCode: number | null;
  /** HTTP status of the reply; 0 when there was no reply. */
  readonly status: number;

  constructor(
    code: TrackerApiErrorCode,
    message: string,
    opts: { returnCode?: number | null; status?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "TrackerApiError";
    this.code = code;
    this.returnCode = opts.returnCode ?? null;
    this.status = opts.status ?? 0;
  }

  /**
   * An error by its name in the code table, raised by the SDK itself (no token to send, a
   * refused WebSocket): returnCode from the table; status the table's unless no request was made (0).
   */
  static fromCode(code: CodeName, message: string, opts: { status?: number } = {}): TrackerApiError {
    const entry = returnCodes[code];
    return new TrackerApiError(code, message, {
      returnCode: entry.returnCode,
      status: opts.status ?? entry.httpStatus,
    });
  }

  /** Rebuilds the error the gateway rendered; HTTP status disambiguates shared codes (-4, -5, -31). */
  static fromEnvelope(
    body: { returnCode: number; message?: unknown; status?: unknown },
    httpStatus: number,
  ): TrackerApiError {
    const names = codeNamesFor(body.returnCode, httpStatus);
    const fallback = codeNamesFor(body.returnCode);
    const code: TrackerApiErrorCode = names[0] ?? fallback[0] ?? "UNKNOWN_CODE";
    const message =
      typeof body.message === "string" && body.message ? body.message : `Gateway error ${body.returnCode}`;
    return new TrackerApiError(code, message, { returnCode: body.returnCode, status: httpStatus });
  }
}

/**
 * True for the SDK's error class (also across bundle copies, by name).
 *
 * @example
 * ```ts
 * catch (e) { if (isTrackerApiError(e) && e.code === "INVALID_TOKEN") await getNewToken(); }
 * ```
 */
export function isTrackerApiError(e: unknown): e is TrackerApiError {
  return e instanceof TrackerApiError || (e instanceof Error && e.name === "TrackerApiError" && "code" in e);
}
