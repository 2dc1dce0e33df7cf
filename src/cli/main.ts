// The opentt command line. Each command lives in its own module; this file only lists them.
import { Command } from "commander";
import { VERSION } from "../version.js";
import { registerButtonCommand } from "./button-command.js";
import { registerGatewayCommand } from "./gateway-command.js";

export function buildProgram(): Command {
  const program = new Command("opentt")
    .description("opentt: an open Table Tracker gateway (LRS Table Tracker API v2)")
    .version(VERSION)
    .showHelpAfterError();
  registerGatewayCommand(program);
  registerButtonCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    process.stderr.write(`opentt: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
