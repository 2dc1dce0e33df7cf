// `opentt trackers` and `opentt repeaters`: the hardware the gateway knows (spec §10).
import type { Command } from "commander";
import { type ConnectionFlags, connect, connectionOptions } from "./connection.js";
import type { CliIo } from "./io.js";
import { printJson, table } from "./output.js";

export function registerHardwareCommands(program: Command, io: CliIo): void {
  connectionOptions(
    program.command("trackers").description("the trackers the gateway has seen: status, table, battery, last seen"),
  ).action(async (flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    const items = await client.trackers();
    if (flags.json) return printJson(io, items);
    if (items.length === 0) return io.out("No trackers seen yet: a tracker appears once it is taken or set down.\n");
    io.out(
      table(
        ["TRACKER", "STATUS", "TABLE", "BATTERY", "LAST SEEN"],
        [...items]
          .sort((a, b) => Number(a.name) - Number(b.name) || a.name.localeCompare(b.name))
          .map((t) => [t.name, t.status, t.locationName || "-", `${t.battery}%`, t.lastSeen]),
        { align: ["left", "left", "left", "right"] },
      ),
    );
  });
  connectionOptions(
    program
      .command("repeaters")
      .description("the radio repeaters paired with the gateway")
      .option("--refresh", "ask the repeaters to report now before listing them"),
  ).action(async (flags: ConnectionFlags & { refresh?: boolean }) => {
    const { client } = await connect(flags, io);
    const items = await client.repeaters(flags.refresh);
    if (flags.json) return printJson(io, items);
    if (items.length === 0) return io.out("No repeaters paired.\n");
    io.out(
      table(
        ["ADDRESS", "SHORT", "LABEL", "MODEL", "STATUS", "FIRMWARE", "FREE SLOTS", "LAST SEEN"],
        items.map((r) => [
          r.extendedAddress,
          r.shortAddress,
          r.label || "-",
          r.deviceModel,
          r.status,
          r.firmwareVersion,
          String(r.remainingChildren),
          r.lastSeen,
        ]),
        { align: ["left", "left", "left", "left", "left", "left", "right"] },
      ),
    );
  });
}
