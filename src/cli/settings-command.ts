// `opentt settings get [key]` and `opentt settings set key=value…` (spec §7).
import type { Command } from "commander";
import type { GatewaySettings } from "../protocol/wire.js";
import { type ConnectionFlags, connect, connectionOptions } from "./connection.js";
import { CliError, EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { printJson, table } from "./output.js";

/** `targetTimeDefault=300` → `{targetTimeDefault: 300}`; numbers stay numbers so the gateway can check them. */
function parseAssignments(pairs: string[]): Partial<GatewaySettings> {
  const patch: Record<string, string | number> = {};
  for (const p of pairs) {
    const i = p.indexOf("=");
    if (i <= 0) throw new CliError(`Expected key=value, not "${p}"`, EXIT.USAGE);
    const key = p.slice(0, i);
    const raw = p.slice(i + 1);
    patch[key] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  return patch as Partial<GatewaySettings>;
}

export function registerSettingsCommand(program: Command, io: CliIo): void {
  const settings = program.command("settings").description("read or change gateway settings");
  connectionOptions(settings.command("get").description("show settings").argument("[key]", "one setting")).action(
    async (key: string | undefined, flags: ConnectionFlags) => {
      const { client } = await connect(flags, io);
      const s = (await client.getSettings()) as unknown as Record<string, unknown>;
      if (key !== undefined && !(key in s))
        throw new CliError(`No setting named ${key}; known: ${Object.keys(s).join(", ")}`, EXIT.USAGE);
      if (flags.json) return printJson(io, key === undefined ? s : s[key]);
      if (key !== undefined) return io.out(`${String(s[key])}\n`);
      io.out(
        table(
          ["SETTING", "VALUE"],
          Object.entries(s).map(([k, v]) => [k, String(v)]),
        ),
      );
    },
  );
  connectionOptions(
    settings
      .command("set")
      .description("change settings, e.g. `settings set targetTimeDefault=420 timezone=Europe/Paris`")
      .argument("<key=value...>", "settings to change"),
  ).action(async (pairs: string[], flags: ConnectionFlags) => {
    const patch = parseAssignments(pairs);
    const { client } = await connect(flags, io);
    const s = await client.updateSettings(patch);
    if (flags.json) return printJson(io, s);
    io.out(`Settings changed: ${Object.keys(patch).join(", ")}.\n`);
  });
}
