// `opentt sim …`: drives the simulated floor of a gateway started with --sim (trackers, the
// button, the clock), so integrators can act out a service from a terminal or a script.
import type { Command } from "commander";
import type { SimTracker } from "../protocol/wire.js";
import { type ConnectionFlags, connect, connectionOptions, resolveToken } from "./connection.js";
import { CliError, EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { printJson } from "./output.js";

/**
 * The sim routes answer loopback callers without a token, so by default the CLI talks to the
 * gateway on this machine by loopback; a token (flag, environment or saved) goes along when there
 * is one, for a gateway named with --gateway on another machine.
 */
async function simClient(flags: ConnectionFlags, io: CliIo) {
  const { client } = await connect(flags, io, { token: false, local: true });
  const token = await resolveToken(flags, client.baseUrl, io).catch((e: unknown) => {
    if (e instanceof CliError && e.exitCode === EXIT.AUTH) return undefined;
    throw e;
  });
  client.setToken(token);
  return client;
}

const describe = (t: SimTracker) =>
  `Tracker ${t.name}: ${t.status}${t.locationName ? ` at table ${t.locationName}` : ""}${t.paging ? ", paging" : ""}, battery ${t.battery}%\n`;

export function registerSimCommand(program: Command, io: CliIo): void {
  const sim = program.command("sim").description("drive the simulated floor (gateways started with --sim)");
  const tracker = (
    name: string,
    desc: string,
    run: (c: Awaited<ReturnType<typeof simClient>>, n: string, arg?: string) => Promise<SimTracker>,
    extra?: string,
  ) => {
    const cmd = sim.command(name).description(desc).argument("<tracker>", "tracker number");
    if (extra) cmd.argument(`<${extra}>`, `${extra} number`);
    connectionOptions(cmd, { local: true }).action(async (...args: unknown[]) => {
      const n = args[0] as string;
      const arg = extra ? (args[1] as string) : undefined;
      const flags = args[extra ? 2 : 1] as ConnectionFlags;
      const client = await simClient(flags, io);
      const t = await run(client, n, arg);
      if (flags.json) return printJson(io, t);
      io.out(describe(t));
    });
  };
  tracker("start", "tap a tracker on the starter unit (starts its order)", (c, n) => c.sim.startTracker(n));
  tracker(
    "locate",
    "set a tracker on a table (locates its order)",
    (c, n, t) => c.sim.locateTracker(n, t ?? ""),
    "table",
  );
  tracker("clear", "put a tracker on the clearing dock (clears its order)", (c, n) => c.sim.clearTracker(n));
  tracker("tracker", "show what a tracker is doing", (c, n) => c.sim.tracker(n));

  connectionOptions(sim.command("button").description("press the simulated gateway button"), { local: true }).action(
    async (flags: ConnectionFlags) => {
      const r = await (await simClient(flags, io)).sim.pressButton();
      if (flags.json) return printJson(io, r);
      io.out(`Button pressed: the token window is open for ${r.windowSeconds} s.\n`);
    },
  );
  connectionOptions(sim.command("clock").description("show the gateway clock"), { local: true }).action(
    async (flags: ConnectionFlags) => {
      const c = await (await simClient(flags, io)).sim.clock();
      if (flags.json) return printJson(io, c);
      io.out(`Gateway time ${c.time} (${c.offsetSeconds} s ahead of real time)\n`);
    },
  );
  connectionOptions(
    sim.command("advance").description("move the gateway clock forward").argument("<seconds>", "how far"),
    { local: true },
  ).action(async (seconds: string, flags: ConnectionFlags) => {
    const s = Number(seconds);
    if (!Number.isFinite(s) || s < 0) throw new CliError("<seconds> must be a number, 0 or more", EXIT.USAGE);
    const c = await (await simClient(flags, io)).sim.advanceClock(s);
    if (flags.json) return printJson(io, c);
    io.out(`Gateway time ${c.time} (${c.offsetSeconds} s ahead of real time)\n`);
  });
}
