// The attached radio's state (GET /api/v2/radio, radio.md §5) for the whole dashboard. The
// WebSocket carries orders, not the radio, so it is polled: often enough that a banner shows
// within a few seconds of the broker, port or upstream going away, cheap enough for a kitchen TV
// left open all day (one small GET every 5 s).
import { useEffect, useState } from "preact/hooks";
import type { RadioStatus } from "../../../src/sdk/index.js";
import type { Client } from "../app-context.js";

const RADIO_POLL_MS = 5_000;

/** The radio as last read; null until the first answer (or when the gateway cannot be asked). */
export function useRadio(client: Client, pollMs = RADIO_POLL_MS): RadioStatus | null {
  const [radio, setRadio] = useState<RadioStatus | null>(null);
  useEffect(() => {
    let live = true;
    // A failed read keeps the last answer: the connection banner already says the gateway is away.
    const read = () =>
      client.radio().then(
        (r) => live && setRadio(r),
        () => undefined,
      );
    read();
    const timer = setInterval(read, pollMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, pollMs]);
  return radio;
}

/** Radios that exist and can go away: their being offline is news (none and sim are not). */
export function isRadioDown(radio: RadioStatus | null): boolean {
  return radio !== null && !radio.online && radio.kind !== "none" && radio.kind !== "sim";
}
