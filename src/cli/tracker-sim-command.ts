// `opentt tracker-sim --radio mqtt://… --trackers N`: reference trackers on a real broker, for
// people building hardware and for trying a real radio without any (docs/hardware.md).
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { parseRadio } from "../hardware/radio/radio-url.js";
import { type CliIo, interruptSignal } from "./io.js";

interface Flags {
  radio?: string;
  trackers: string;
  tables: string;
  seed: string;
  speed: string;
}

export function registerTrackerSimCommand(program: Command, io: CliIo): void {
  program
    .command("tracker-sim")
    .description("play N trackers as separate MQTT clients on a broker (the reference tracker)")
    .option("--radio <url>", "the broker: mqtt(s)://[user:pass@]host[:port][/base] (or $OPENTT_RADIO)")
    .option("--trackers <n>", "how many trackers", "10")
    .option("--tables <n>", "how many tables", "30")
    .option("--seed <n>", "story seed", "42")
    .option("--speed <x>", "story speed: 1 is real time, 60 is a minute per second", "1")
    .action(async (flags: Flags) => {
      const raw = flags.radio ?? io.env.OPENTT_RADIO;
      if (!raw) throw new TypeError("--radio is required: the broker's mqtt:// or mqtts:// URL");
      const spec = parseRadio(raw);
      if (spec.kind !== "mqtt" || !spec.url)
        throw new TypeError(`--radio "${raw}" must be a broker URL (mqtt://host:1883/base): tracker-sim speaks MQTT`);
      const trackers = Number(flags.trackers);
      if (!Number.isInteger(trackers) || trackers < 1 || trackers > 10_000)
        throw new TypeError("--trackers must be an integer from 1 to 10000");
      const speed = Number(flags.speed);
      if (!(speed > 0)) throw new TypeError("--speed must be a positive number");
      const { ReferenceTrackers } = await import("../hardware/radio/reference-tracker.js");
      const sim = new ReferenceTrackers({
        spec,
        trackers,
        tables: Number(flags.tables),
        seed: Number(flags.seed),
        speed,
        username: io.env.OPENTT_RADIO_USERNAME,
        password: io.env.OPENTT_RADIO_PASSWORD,
        ca: io.env.OPENTT_RADIO_CA ? readFileSync(io.env.OPENTT_RADIO_CA) : undefined,
        log: (line) => io.out(`${line}\n`),
      });
      const interrupt = interruptSignal(io);
      try {
        await sim.start();
        io.out(`${trackers} trackers on ${raw.replace(/\/\/[^@/]*@/, "//")}; Ctrl-C stops them\n`);
        await new Promise<void>((resolve) =>
          interrupt.signal.addEventListener("abort", () => resolve(), { once: true }),
        );
      } finally {
        interrupt.dispose();
        await sim.stop();
      }
    });
}
