// `opentt token` (wait for the button, save the token) and `opentt tokens list|create|revoke`.
import type { Command } from "commander";
import type { IssuedToken } from "../protocol/wire.js";
import { acquireToken } from "../sdk/acquire-token.js";
import { createClient } from "../sdk/client.js";
import { type ConnectionFlags, connect, connectionOptions, resolveGateway, tokenFile } from "./connection.js";
import { CliError, EXIT } from "./exit-codes.js";
import { type CliIo, interruptSignal } from "./io.js";
import { duration, printJson, table } from "./output.js";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

interface TokenFlags extends ConnectionFlags {
  name: string;
  timeout: string;
  save: boolean;
  press?: boolean;
}

export function registerTokenCommands(program: Command, io: CliIo): void {
  connectionOptions(
    program
      .command("token")
      .description("get a new access token: waits for someone to press the gateway button, then saves it")
      .option("--name <name>", "token name (letters, digits, . _ -)", "default")
      .option("--timeout <seconds>", "give up after this long", "300")
      .option("--no-save", "print the token without saving it")
      .option("--press", "press the button first (only on the gateway box itself)"),
    { token: false },
  ).action((flags: TokenFlags) => getToken(flags, io));

  const tokens = program.command("tokens").description("list, mint and revoke access tokens");
  connectionOptions(tokens.command("list").description("list tokens (never their secrets)")).action(
    async (flags: ConnectionFlags) => {
      const { client } = await connect(flags, io);
      const items = await client.listTokens();
      if (flags.json) return printJson(io, items);
      io.out(
        table(
          ["NAME", "CREATED", "LAST USED", "FROM"],
          items.map((t) => [t.name, t.creation_date, t.last_used ?? "never", t.ip_address ?? ""]),
        ),
      );
    },
  );
  connectionOptions(
    tokens.command("create").description("mint another token with the one you hold").argument("<name>", "token name"),
  ).action(async (name: string, flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    const t = await client.createToken(name);
    if (flags.json) return printJson(io, t);
    io.out(`Token "${t.name}": ${t.token}\nStore it now: the gateway never shows it again.\n`);
  });
  connectionOptions(
    tokens.command("revoke").description("revoke a token by name").argument("<name>", "token name"),
  ).action(async (name: string, flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    await client.revokeToken(name);
    if (flags.json) return printJson(io, { revoked: name });
    io.out(`Token "${name}" revoked.\n`);
  });
}

async function getToken(flags: TokenFlags, io: CliIo): Promise<void> {
  const seconds = Number(flags.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new CliError("--timeout must be a positive number of seconds", EXIT.USAGE);
  // --press works only on the gateway box: the gateway by loopback, never a discovered LAN address.
  const baseUrl = await resolveGateway(flags, io, { local: flags.press === true });
  const client = createClient({ baseUrl });
  const { gateway } = await client.info(); // fails fast (exit 3) when nothing answers there
  if (flags.press) await client.pressButton();

  const issued = await waitForButton(io, {
    baseUrl,
    name: flags.name,
    seconds,
    prompt: `Press the button on ${gateway.name} (${baseUrl})`,
  });
  const saved = flags.save
    ? tokenFile(io).save({ token: issued.token, name: issued.name, serial: gateway.serial, url: baseUrl })
    : undefined;
  if (flags.json)
    return printJson(io, {
      ...issued,
      gateway: baseUrl,
      serial: gateway.serial,
      savedTo: saved ? tokenFile(io).path : null,
    });
  io.out(`Token "${issued.name}": ${issued.token}\n`);
  io.out(
    saved
      ? `Saved to ${tokenFile(io).path}; later commands use it.\n`
      : "Not saved: store it now, the gateway never shows it again.\n",
  );
}

/**
 * The waiting UX of `opentt token`, shared with `opentt radio login`: a spinner with the time
 * left (a line when not a terminal) while polling the button window; Ctrl-C or the timeout end it.
 */
export async function waitForButton(
  io: CliIo,
  o: { baseUrl: string; name: string; seconds: number; prompt: string },
): Promise<IssuedToken> {
  const { seconds, prompt } = o;
  const interrupt = interruptSignal(io);
  const deadline = Date.now() + seconds * 1000;
  const timeout = AbortSignal.timeout(seconds * 1000);
  const signal = AbortSignal.any([interrupt.signal, timeout]);
  let frame = 0;
  let spinner: NodeJS.Timeout | undefined;
  const draw = () => {
    const left = duration((deadline - Date.now()) / 1000);
    io.err(`\r\x1b[K${SPINNER[frame++ % SPINNER.length]} ${prompt} — waiting, ${left} left (Ctrl-C to stop)`);
  };
  try {
    return await acquireToken({
      baseUrl: o.baseUrl,
      name: o.name,
      signal,
      onWaiting: ({ attempt }) => {
        if (attempt !== 1) return;
        if (io.isTTY) spinner = setInterval(draw, 100);
        else io.err(`${prompt} within ${duration(seconds)}…\n`);
      },
    });
  } catch (e) {
    if (!signal.aborted) throw e;
    throw timeout.aborted
      ? new CliError(`Gave up after ${duration(seconds)}: nobody pressed the button.`, EXIT.TIMEOUT)
      : new CliError("Interrupted.", EXIT.TIMEOUT);
  } finally {
    clearInterval(spinner);
    if (spinner && io.isTTY) io.err("\r\x1b[K");
    interrupt.dispose();
  }
}
