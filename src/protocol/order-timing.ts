// [opentt] How an order's time reads on every screen: the CLI's live board and the dashboard
// colour it by the same rule and print it the same way. Pure; browser-safe.

/** ok under three quarters of the target, warn up to it, late past it. */
export type Urgency = "ok" | "warn" | "late";

/** Yellow from three quarters of the target, so staff see trouble coming. */
const WARN_FRACTION = 0.75;

export function urgency(seconds: number, targetSeconds: number): Urgency {
  if (!(targetSeconds > 0)) return "ok";
  if (seconds > targetSeconds) return "late";
  if (seconds >= targetSeconds * WARN_FRACTION) return "warn";
  return "ok";
}

/** `4:05`, `1:02:09`: elapsed and delivery times read at a glance; negative reads as 0. */
export function clockDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}
