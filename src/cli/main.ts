// The opentt command line. Each command lives in its own module; this file lists them and turns
// every failure into one line on stderr and an exit code that means something (exit-codes.ts).
import { Command, CommanderError } from "commander";
import { isTrackerApiError } from "../sdk/errors.js";
import { VERSION } from "../version.js";
import { commandContext, describeApiError } from "./api-messages.js";
import { registerBackupCommands } from "./backup-command.js";
import { registerButtonCommand } from "./button-command.js";
import { registerCloudCommand } from "./cloud-command.js";
import { registerCloudLinkCommands } from "./cloud-link-command.js";
import { registerDiscoverCommand } from "./discover-command.js";
import { registerDoctorCommand } from "./doctor-command.js";
import { CliError, EXIT, EXIT_HELP } from "./exit-codes.js";
import { registerGatewayCommand } from "./gateway-command.js";
import { registerHardwareCommands } from "./hardware-command.js";
import { registerHistoryCommands } from "./history-command.js";
import { type CliIo, endQuietlyOnClosedPipe, processIo } from "./io.js";
import { registerOrderCommands } from "./order-command.js";
import { registerRadioCommand } from "./radio-command.js";
import { registerServiceCommand } from "./service-command.js";
import { registerSettingsCommand } from "./settings-command.js";
import { registerSimCommand } from "./sim-command.js";
import { registerStatusCommand } from "./status-command.js";
import { registerTokenCommands } from "./token-command.js";
import { registerTrackerSimCommand } from "./tracker-sim-command.js";
import { registerWatchCommand } from "./watch-command.js";
import { registerWebhooksCommand } from "./webhooks-command.js";

export function buildProgram(io: CliIo = processIo()): Command {
  const program = new Command("opentt")
    .description("opentt: an open Table Tracker gateway (LRS Table Tracker API v2)")
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .addHelpText("after", EXIT_HELP);
  registerGatewayCommand(program);
  registerCloudLinkCommands(registerCloudCommand(program), io);
  registerDiscoverCommand(program, io);
  registerTokenCommands(program, io);
  registerStatusCommand(program, io);
  registerOrderCommands(program, io);
  registerHistoryCommands(program, io);
  registerSettingsCommand(program, io);
  registerWatchCommand(program, io);
  registerWebhooksCommand(program, io);
  registerHardwareCommands(program, io);
  registerButtonCommand(program, io);
  registerRadioCommand(program, io);
  registerSimCommand(program, io);
  registerBackupCommands(program, io);
  registerDoctorCommand(program, io);
  registerServiceCommand(program, io);
  registerTrackerSimCommand(program, io);
  return program;
}

/** Runs one command line in-process; resolves with its exit code (never calls process.exit). */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes("--json");
  // The command that ran, so an API error can be told in terms of its flags and arguments.
  let ran: Command | undefined;
  try {
    const program = buildProgram(io).hook("preAction", (_program, actionCommand) => {
      ran = actionCommand;
    });
    await program.parseAsync(argv, { from: "user" });
    return EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    let code: number = EXIT.FAILED;
    let detail: Record<string, unknown> = {};
    let message = e instanceof Error ? e.message : String(e);
    if (e instanceof CliError) code = e.exitCode;
    else if (isTrackerApiError(e)) {
      ({ message, exitCode: code } = describeApiError(e, commandContext(ran)));
      detail = { code: e.code, returnCode: e.returnCode, status: e.status };
    }
    io.err(json ? `${JSON.stringify({ error: { message, ...detail } })}\n` : `opentt: ${message}\n`);
    return code;
  }
}

export async function main(argv: string[]): Promise<void> {
  endQuietlyOnClosedPipe(EXIT.OK);
  process.exitCode = await runCli(argv.slice(2));
}
