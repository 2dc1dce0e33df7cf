// One way to show a failed call: the gateway's own message (it says what to fix, spec §3).
import { TrackerApiError } from "../../../src/sdk/index.js";
import { t } from "../i18n/index.js";

export function errorText(e: unknown): string {
  if (e instanceof TrackerApiError) return e.code === "UNREACHABLE" ? t().unreachable : e.message;
  return e instanceof Error ? e.message : String(e);
}

/** A token the gateway no longer accepts (revoked or unknown): the dashboard must enrol again. */
export function isAuthFailure(e: unknown): boolean {
  return e instanceof TrackerApiError && e.code === "INVALID_TOKEN";
}

/** A page refused because the gateway has never seen the order's tracker (spec §2, -14). */
export function isPagingImpossible(e: unknown): boolean {
  return e instanceof TrackerApiError && e.code === "PAGING_IMPOSSIBLE";
}
