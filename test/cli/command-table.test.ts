// The CLI loads one command's module per command line (src/cli/main.ts COMMAND_TABLE). If the table
// named a command its module does not register, or missed one it does, that command would be
// "unknown" when typed although `opentt --help` lists it. Each module is registered alone here
// and its top-level commands compared with the table's names.
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { processIo } from "../../src/cli/io.js";
import { buildProgram, COMMAND_TABLE } from "../../src/cli/main.js";

describe("the CLI's command table", () => {
  it.each(COMMAND_TABLE.map((c) => [c.names.join(", "), c] as const))(
    "%s: the names its module registers",
    async (_n, c) => {
      const program = new Command("opentt");
      (await c.load())(program, processIo());
      expect(program.commands.map((cmd) => cmd.name())).toEqual(c.names);
    },
  );

  it("help lists every command, in the table's order", async () => {
    const all = (await buildProgram()).commands.map((cmd) => cmd.name());
    expect(all).toEqual(COMMAND_TABLE.flatMap((c) => c.names));
  });

  it("a command line registers only its own command", async () => {
    const names = (await buildProgram(processIo(), ["gateway", "--port", "0"])).commands.map((cmd) => cmd.name());
    expect(names).toEqual(["gateway"]);
    const typo = (await buildProgram(processIo(), ["gatway"])).commands.map((cmd) => cmd.name());
    expect(typo.length).toBe(COMMAND_TABLE.flatMap((c) => c.names).length);
  });
});
