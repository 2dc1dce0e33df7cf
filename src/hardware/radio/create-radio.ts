// Builds the device `--radio` names (radio.md, top) for the composition root.

import type { TrackerDevice } from "../device.js";
import { MqttRadio } from "./mqtt-radio.js";
import type { RadioDeps } from "./radio-deps.js";
import type { RadioSpec } from "./radio-url.js";
import { SerialRadio } from "./serial-radio.js";

/** The device for a real radio; undefined for sim and none (the gateway builds those). */
export function createRadio(spec: RadioSpec, deps: RadioDeps): TrackerDevice | undefined {
  switch (spec.kind) {
    case "mqtt":
      return new MqttRadio({ spec, ...deps });
    case "serial":
      return new SerialRadio({ spec, link: deps.link, clock: deps.clock });
    default:
      return undefined;
  }
}
