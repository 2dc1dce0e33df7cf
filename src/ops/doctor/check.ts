// `opentt doctor`: each check says what it found and, when it fails, what to do about it.
type CheckStatus = "pass" | "warn" | "fail" | "skip";

export interface CheckResult {
  /** Stable id for scripts: "port", "reachable:eth0", "mdns:eth0", "clock", … */
  id: string;
  status: CheckStatus;
  /** What was found, in one line. */
  detail: string;
  /** What to do, when status is fail or warn. */
  fix?: string;
}

export const pass = (id: string, detail: string): CheckResult => ({ id, status: "pass", detail });
export const fail = (id: string, detail: string, fix: string): CheckResult => ({ id, status: "fail", detail, fix });
export const warn = (id: string, detail: string, fix: string): CheckResult => ({ id, status: "warn", detail, fix });
export const skip = (id: string, detail: string): CheckResult => ({ id, status: "skip", detail });

/** A fail makes the doctor's exit code non-zero; a warning is advice, and a skip is not applicable. */
export function healthy(results: CheckResult[]): boolean {
  return results.every((r) => r.status !== "fail");
}
