// The one error class. The domain throws it by code name and knows no HTTP; the server's
// error handler renders it as the contract's envelope and the SDK rebuilds it from one.
import { type CodeName, returnCodes } from "./return-codes.js";

export interface ErrorEnvelope {
  status: number;
  returnCode: number;
  message: string;
}

export class TrackerError extends Error {
  readonly code: CodeName;
  readonly returnCode: number;
  readonly httpStatus: number;

  constructor(code: CodeName, message?: string) {
    const entry = returnCodes[code];
    super(message ?? entry.message);
    this.name = "TrackerError";
    this.code = code;
    this.returnCode = entry.returnCode;
    this.httpStatus = entry.httpStatus;
  }

  toEnvelope(): ErrorEnvelope {
    return { status: this.httpStatus, returnCode: this.returnCode, message: this.message };
  }
}
