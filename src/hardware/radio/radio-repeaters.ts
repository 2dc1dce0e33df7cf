// Repeaters a radio has heard of (radio.md §1 repeater state), in the inventory's shape (spec
// §10). A repeater reports only what the contract carries; the Zigbee fields it cannot know
// are empty strings and zeros rather than invented values.
import type { RepeaterReport } from "../../protocol/radio.js";
import type { RepeaterState } from "../device.js";

export class RadioRepeaters {
  readonly #model: string;
  readonly #items = new Map<string, RepeaterState>();

  constructor(model: string) {
    this.#model = model;
  }

  report(id: string, state: RepeaterReport, now: number): void {
    this.#items.set(id, {
      extendedAddress: id,
      shortAddress: "",
      label: `Repeater ${id}`,
      manufacturerId: 0,
      profileId: 0,
      parentShortAddress: "",
      firmwareVersion: "",
      hardwareVersion: "",
      remainingChildren: 0,
      deviceType: "ROUTER",
      deviceModel: this.#model,
      status: state.online ? "ACTIVE" : "INACTIVE",
      lastSeen: now,
    });
  }

  list(): RepeaterState[] {
    return [...this.#items.values()].map((r) => ({ ...r }));
  }

  clear(): void {
    this.#items.clear();
  }
}
