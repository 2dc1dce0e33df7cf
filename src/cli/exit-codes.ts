// Exit codes of the opentt command line: the same number always means the same thing, so
// scripts can branch on them. Listed in `opentt --help`.
import type { TrackerApiError } from "../sdk/errors.js";

export const EXIT = {
  OK: 0,
  /** The gateway refused the request for another reason (bad input, conflict). */
  FAILED: 1,
  /** Wrong flags or arguments. */
  USAGE: 2,
  /** No gateway found or reachable. */
  UNREACHABLE: 3,
  /** No token, a refused token, or the button window is closed. */
  AUTH: 4,
  /** The order, token, webhook or cloud binding named does not exist. */
  NOT_FOUND: 5,
  /** Gave up waiting (token --timeout) or interrupted. */
  TIMEOUT: 6,
} as const;

export const EXIT_HELP = `
Exit codes:
  0  success
  1  the gateway refused the request (bad input, conflict)
  2  usage error (flags or arguments)
  3  no gateway found or reachable
  4  no token, token refused, or the button window is closed
  5  not found (order, token, webhook, cloud binding, simulated tracker)
  6  gave up waiting, or interrupted

Environment:
  OPENTT_GATEWAY     gateway URL when --gateway is not given (else mDNS discovery)
  OPENTT_TOKEN       access token when --token is not given (else the saved token file)
  OPENTT_TOKEN_FILE  saved-token file (default ~/.config/opentt/tokens.json)
  NO_COLOR           no colours
`;

/** An error a command reports in one line, with its exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

export function exitCodeFor(e: TrackerApiError): number {
  switch (e.code) {
    case "UNREACHABLE":
    case "BAD_REPLY":
      return EXIT.UNREACHABLE;
    case "MALFORMED_AUTH_HEADER":
    case "INVALID_TOKEN":
    case "TOKEN_WINDOW_CLOSED":
    case "FORBIDDEN":
      return EXIT.AUTH;
    case "ORDER_NOT_FOUND":
    case "UNKNOWN_HTTP_CLIENT":
    case "NOT_FOUND":
      return EXIT.NOT_FOUND;
    default:
      return e.status === 404 ? EXIT.NOT_FOUND : EXIT.FAILED;
  }
}
