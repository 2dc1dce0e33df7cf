// `opentt button`: presses the button of a gateway on this machine (POST /admin/button).
import type { Command } from "commander";
import { type ConnectionFlags, connect, connectionOptions } from "./connection.js";
import type { CliIo } from "./io.js";
import { printJson } from "./output.js";

export function registerButtonCommand(program: Command, io: CliIo): void {
  connectionOptions(
    program
      .command("button")
      .description("press the gateway button: opens the 120 s token window (works on the gateway box only)"),
    { token: false, local: true },
  ).action(async (flags: ConnectionFlags) => {
    const { client } = await connect(flags, io, { token: false, local: true });
    const r = await client.pressButton();
    if (flags.json) printJson(io, r);
    else io.out(`Button pressed: the token window is open for ${r.windowSeconds} s.\n`);
  });
}
