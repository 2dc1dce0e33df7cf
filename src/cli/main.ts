// The opentt command line. Each command lives in its own module; this file lists them and turns
// every failure into one line on stderr and an exit code that means something (exit-codes.ts).
import { Command, CommanderError } from "commander";
import { isTrackerApiError } from "../sdk/errors.js";
import { VERSION } from "../version.js";
import { commandContext, describeApiError } from "./api-messages.js";
import { CliError, EXIT, EXIT_HELP } from "./exit-codes.js";
import { type CliIo, endQuietlyOnClosedPipe, processIo } from "./io.js";

type Register = (program: Command, io: CliIo) => void;

/**
 * The top-level commands, in help order, each with the module that registers it. A command line
 * loads only its command's module: the others import the SDK, ws, mDNS and more (~200 ms), which
 * `opentt gateway` would pay at every start. test/cli/command-table.test.ts holds the names here to
 * what each module really registers.
 */
export const COMMAND_TABLE: ReadonlyArray<{ names: readonly string[]; load: () => Promise<Register> }> = [
  { names: ["gateway"], load: async () => (await import("./gateway-command.js")).registerGatewayCommand },
  {
    names: ["cloud"],
    load: async () => {
      const [server, link] = await Promise.all([import("./cloud-command.js"), import("./cloud-link-command.js")]);
      return (program, io) => link.registerCloudLinkCommands(server.registerCloudCommand(program), io);
    },
  },
  { names: ["discover"], load: async () => (await import("./discover-command.js")).registerDiscoverCommand },
  { names: ["token", "tokens"], load: async () => (await import("./token-command.js")).registerTokenCommands },
  { names: ["status"], load: async () => (await import("./status-command.js")).registerStatusCommand },
  { names: ["orders", "order"], load: async () => (await import("./order-command.js")).registerOrderCommands },
  { names: ["history", "stats"], load: async () => (await import("./history-command.js")).registerHistoryCommands },
  { names: ["settings"], load: async () => (await import("./settings-command.js")).registerSettingsCommand },
  { names: ["watch"], load: async () => (await import("./watch-command.js")).registerWatchCommand },
  { names: ["webhooks"], load: async () => (await import("./webhooks-command.js")).registerWebhooksCommand },
  {
    names: ["trackers", "repeaters"],
    load: async () => (await import("./hardware-command.js")).registerHardwareCommands,
  },
  { names: ["button"], load: async () => (await import("./button-command.js")).registerButtonCommand },
  { names: ["radio"], load: async () => (await import("./radio-command.js")).registerRadioCommand },
  { names: ["sim"], load: async () => (await import("./sim-command.js")).registerSimCommand },
  { names: ["backup", "restore"], load: async () => (await import("./backup-command.js")).registerBackupCommands },
  { names: ["doctor"], load: async () => (await import("./doctor-command.js")).registerDoctorCommand },
  { names: ["install-service"], load: async () => (await import("./service-command.js")).registerServiceCommand },
  { names: ["tracker-sim"], load: async () => (await import("./tracker-sim-command.js")).registerTrackerSimCommand },
];

/**
 * The program with the commands `argv` needs: only the named command's module when the first word
 * names one, every command otherwise (help, a typo that commander answers with a suggestion).
 */
export async function buildProgram(io: CliIo = processIo(), argv: readonly string[] = []): Promise<Command> {
  const program = new Command("opentt")
    .description("opentt: an open Table Tracker gateway (LRS Table Tracker API v2)")
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .addHelpText("after", EXIT_HELP);
  const word = argv.find((a) => !a.startsWith("-"));
  const named = COMMAND_TABLE.find((c) => word !== undefined && c.names.includes(word));
  const registers = await Promise.all((named ? [named] : COMMAND_TABLE).map((c) => c.load()));
  for (const register of registers) register(program, io);
  return program;
}

/** Runs one command line in-process; resolves with its exit code (never calls process.exit). */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes("--json");
  // The command that ran, so an API error can be told in terms of its flags and arguments.
  let ran: Command | undefined;
  try {
    const program = (await buildProgram(io, argv)).hook("preAction", (_program, actionCommand) => {
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
