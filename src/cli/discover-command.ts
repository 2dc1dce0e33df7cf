// `opentt discover`: lists the gateways that answer mDNS (spec §0, `_tracker-http._tcp`), or with
// --watch follows them as they appear, change address (DHCP) and leave.
import type { Command } from "commander";
import { CliError, EXIT } from "./exit-codes.js";
import { type CliIo, interruptSignal } from "./io.js";
import { printJson, table } from "./output.js";

interface DiscoverFlags {
  timeout: string;
  json?: boolean;
  watch?: boolean;
  interface?: string;
}

/** What to check when nothing answered: mDNS stops at routers and is often filtered. */
const NOTHING_FOUND_HELP = [
  "Check that this machine and the gateway are on the same network segment (multicast DNS does not cross routers or VLAN boundaries),",
  "that the network lets multicast through (UDP 5353, some Wi-Fi access points filter it), and that the gateway is switched on and was not started with --no-mdns.",
  "Connect by address instead: --gateway http://<ip>:8000 (the address is in the router's client list or the gateway's log).",
].join("\n");

export function registerDiscoverCommand(program: Command, io: CliIo): void {
  program
    .command("discover")
    .description("find Table Tracker gateways on the local network (mDNS)")
    .option("--timeout <seconds>", "how long to listen for answers", "3")
    .option("--watch", "keep watching: report gateways as they appear, change address and leave (Ctrl-C to stop)")
    .option("--interface <name>", "network interface (name or IPv4 address) to query on")
    .option("--json", "machine-readable JSON on stdout (with --watch: one JSON line per change)")
    .action(async (flags: DiscoverFlags) => {
      const seconds = Number(flags.timeout);
      if (!Number.isFinite(seconds) || seconds < 0)
        throw new CliError("--timeout must be seconds, 0 or more", EXIT.USAGE);
      const discovery = await import("../sdk/discovery.js");
      if (flags.watch) return watch(discovery.watchGateways, flags, io);
      const found = await discovery.discover({ timeout: seconds * 1000, interface: flags.interface });
      if (flags.json) printJson(io, found);
      else if (found.length > 0)
        io.out(
          table(
            ["URL", "NAME", "SERIAL", "VERSION"],
            found.map((g) => [g.url, g.name, g.serial ?? "", g.version ?? ""]),
          ),
        );
      if (found.length === 0)
        throw new CliError(`No gateway answered within ${seconds} s.\n${NOTHING_FOUND_HELP}`, EXIT.UNREACHABLE);
    });
}

async function watch(
  watchGateways: typeof import("../sdk/discovery.js").watchGateways,
  flags: DiscoverFlags,
  io: CliIo,
): Promise<void> {
  const interrupt = interruptSignal(io);
  let failure: Error | undefined;
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
    interrupt.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  const w = watchGateways(
    (e) => {
      if (flags.json) io.out(`${JSON.stringify({ event: e.type, gateway: e.gateway })}\n`);
      else io.out(`${e.type.padEnd(6)} ${e.gateway.name}  ${e.gateway.url}  ${e.gateway.addresses.join(", ")}\n`);
    },
    {
      interface: flags.interface,
      onError: (e) => {
        failure = e;
        stop();
      },
    },
  );
  try {
    await w.ready;
    if (!flags.json) io.err("Watching for gateways (Ctrl-C to stop)…\n");
    if (!interrupt.signal.aborted) await stopped;
  } finally {
    await w.close();
    interrupt.dispose();
  }
  if (failure) throw new CliError(`Discovery stopped: ${failure.message}`, EXIT.UNREACHABLE);
}
