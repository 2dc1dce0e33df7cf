// The device interface between the domain and the radio: trackers report floor events
// upward, the domain commands paging downward, and repeaters are managed here. The simulated
// floor is the one implementation today; a Zigbee radio would be the next.
import type { FloorEvent } from "../domain/floor.js";
import type { RadioPort } from "../domain/trackers.js";
import type { RepeaterItem } from "../protocol/wire.js";

export interface RepeaterState extends Omit<RepeaterItem, "lastSeen"> {
  lastSeen: number;
}

/**
 * Orders that live on another gateway too (the LRS upstream, radio.md §4): paging, cancelling
 * and clearing go there first, and its refusal is the caller's answer (a TrackerError).
 */
export interface UpstreamOrders {
  page(name: string, tracking: boolean): Promise<void>;
  /** Whether a tracker was paging there. */
  unpage(name: string): Promise<boolean>;
  clear(name: string): Promise<void>;
}

export interface TrackerDevice extends RadioPort {
  /** Present when the radio is another gateway whose orders must hear of opentt's commands. */
  readonly upstream?: UpstreamOrders;
  /** The upstream gateway's serial, advertised as TXT `bridge=` so a KDS can tell the two apart. */
  readonly bridged?: string;
  /** Starts delivering floor events to onEvent. */
  start(onEvent: (e: FloorEvent) => void): Promise<void>;
  stop(): Promise<void>;
  /** Whether tracker n is vibrating now, as the hardware knows it. */
  isPaging(tracker: string): boolean;
  repeaters(refresh: boolean): RepeaterState[];
  clearRepeaters(): void;
  /** Opens pairing for `seconds` (0 closes it); returns whether pairing is now open. */
  setPairing(seconds: number): boolean;
}
