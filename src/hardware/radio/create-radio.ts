// Builds the device `--radio` names (radio.md, top) for the composition root.
import type { TrackerDevice } from "../device.js";
import { bonjourLocator, fixedLocator } from "./lrs-locate.js";
import { LrsRadio } from "./lrs-radio.js";
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
    case "lrs": {
      if (spec.url) return new LrsRadio({ ...deps, locate: fixedLocator(spec.url) });
      if (!deps.browse)
        throw new TypeError("--radio lrs without an address needs Bonjour here; give --radio lrs+http://host:8000");
      return new LrsRadio({ ...deps, locate: bonjourLocator(deps.serial, deps.browse) });
    }
    default:
      return undefined;
  }
}
