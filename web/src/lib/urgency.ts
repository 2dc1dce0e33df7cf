// How late an order is against the target time: the colour of a card, a history cell or a
// heat-map tile. Yellow from three quarters of the target, so staff see trouble coming.

export type Urgency = "ok" | "warn" | "late";

export const WARN_FRACTION = 0.75;

export function urgency(seconds: number, targetSeconds: number): Urgency {
  if (!(targetSeconds > 0)) return "ok";
  if (seconds > targetSeconds) return "late";
  if (seconds >= targetSeconds * WARN_FRACTION) return "warn";
  return "ok";
}
