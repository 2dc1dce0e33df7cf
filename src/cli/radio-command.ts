// `opentt radio login`: mints the vendor gateway's token through its button (radio.md §4), with
// the waiting UX of `opentt token`, and keeps it in the data folder (mode 0600). The token is
// never printed: the bridge reads it from the file.
import type { Command } from "commander";
import { configFromEnv, resolveConfig } from "../config.js";
import { chooseUpstream } from "../hardware/radio/lrs-locate.js";
import { saveRadioToken } from "../hardware/radio/radio-token.js";
import { parseRadio } from "../hardware/radio/radio-url.js";
import { discover } from "../sdk/discovery.js";
import { CliError, EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { waitForButton } from "./token-command.js";

interface LoginFlags {
  radio?: string;
  data?: string;
  name: string;
  timeout: string;
}

export function registerRadioCommand(program: Command, io: CliIo): void {
  const radio = program.command("radio").description("the radio opentt drives (bridge mode: a vendor gateway)");
  radio
    .command("login")
    .description("get a token from the vendor gateway (press its button) for --radio lrs, saved in the data folder")
    .option("--radio <radio>", "lrs (find it by Bonjour) or lrs+http://host:8000 (default $OPENTT_RADIO)")
    .option("--data <dir>", "data folder of the bridging gateway (default ./data or $OPENTT_DATA)")
    .option("--name <name>", "token name on the vendor gateway", "opentt-bridge")
    .option("--timeout <seconds>", "give up after this long", "300")
    .action((flags: LoginFlags) => login(flags, io));
}

async function login(flags: LoginFlags, io: CliIo): Promise<void> {
  const seconds = Number(flags.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new CliError("--timeout must be a positive number of seconds", EXIT.USAGE);
  let config: ReturnType<typeof resolveConfig>;
  try {
    config = resolveConfig(configFromEnv(io.env), { radio: flags.radio, dataDir: flags.data });
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.USAGE);
  }
  const spec = parseRadio(config.radio);
  if (spec.kind !== "lrs") throw new CliError("give --radio lrs or --radio lrs+http://host:8000", EXIT.USAGE);
  let baseUrl = spec.url;
  if (!baseUrl) {
    try {
      baseUrl = chooseUpstream(await discover({ timeout: 3_000 }), "");
    } catch (e) {
      throw new CliError((e as Error).message, EXIT.USAGE);
    }
  }
  await waitForButton(io, {
    baseUrl,
    name: flags.name,
    seconds,
    prompt: `Press the button on the vendor gateway (${baseUrl})`,
  }).then((issued) => {
    const file = saveRadioToken(config.dataDir, issued.token);
    io.out(`Saved the vendor gateway's token "${issued.name}" to ${file} (readable by you only).\n`);
    io.out("A running bridge picks it up on its next try; it is never printed.\n");
  });
}
