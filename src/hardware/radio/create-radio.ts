// Builds the device `--radio` names (radio.md, top) for the composition root.
import type { Clock } from "../../domain/clock.js";
import type { TrackerDevice } from "../device.js";
import { MqttRadio } from "./mqtt-radio.js";
import type { RadioLink } from "./radio-link.js";
import type { RadioSpec } from "./radio-url.js";
import { SerialRadio } from "./serial-radio.js";

export interface RadioDeps {
  link: RadioLink;
  clock: Clock;
  /** The gateway's serial: the MQTT client id is opentt-<serial> (radio.md §2). */
  serial: string;
  /** Embedded broker only: where it keeps sessions, and where it listens. */
  dataDir: string;
  host: string;
  mqttPort: number;
  /** Credentials and a PEM file of the broker's CA, when the URL does not carry them. */
  username?: string;
  password?: string;
  caFile?: string;
}

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
