// What the composition root hands every radio; its own file so the radios and create-radio.ts
// (which builds them) do not import each other.
import type { Clock } from "../../domain/clock.js";
import type { BrowseGateways } from "./lrs-locate.js";
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
  /** LRS upstream: the token from --radio-token (else the data folder's token file). */
  radioToken?: string;
  /** Every tracker number the gateway has seen (MQTT: whose retained command to restate on connect). */
  knownTrackers: () => string[];
  /** LRS upstream: whether opentt has an active order of that number. */
  isActive: (name: string) => boolean;
  /** LRS upstream without an address: lists the gateways Bonjour finds (the CLI passes the SDK's). */
  browse?: BrowseGateways;
}
