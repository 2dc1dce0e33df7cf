// The device when no radio is attached (a gateway run without --sim and, today, without a
// radio driver): orders work over the API, paging answers -13, and there are no repeaters.
import type { TrackerDevice } from "./device.js";

export const noRadio: TrackerDevice = {
  online: false,
  start: async () => {},
  stop: async () => {},
  setPaging: () => {},
  isPaging: () => false,
  repeaters: () => [],
  clearRepeaters: () => {},
  setPairing: () => false,
};
