// What every radio is built with, in a file of its own so the radios and the factory that
// picks one do not import each other.
import type { Clock } from "../../domain/clock.js";
import type { RadioLink } from "./radio-link.js";

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
