// `opentt gateway`: runs the gateway until SIGINT/SIGTERM; SIGUSR1 presses the button.
import type { Command } from "commander";
import { configFromEnv, type GatewayConfig, resolveConfig } from "../config.js";
import { probePort } from "../ops/port-probe.js";
import { CliError, EXIT } from "./exit-codes.js";

interface GatewayFlags {
  host?: string;
  port?: string;
  data?: string;
  sim?: boolean;
  demo?: boolean;
  mdns?: boolean;
  seed?: string;
  logLevel?: string;
  logFormat?: GatewayConfig["logFormat"];
  durability?: GatewayConfig["durability"];
  advertiseIp?: string;
  interface?: string;
  backupDir?: string;
  backupKeep?: string;
  metricsAccess?: GatewayConfig["metricsAccess"];
  radio?: string;
  mqttPort?: string;
  radioToken?: string;
  cloudCa?: string;
  cloudAllowHttp?: boolean;
}

export function registerGatewayCommand(program: Command): void {
  program
    .command("gateway")
    .description("run the gateway (REST + WebSocket on one port)")
    .option("--host <host>", "address to listen on (default 0.0.0.0)")
    .option("--port <port>", "port to listen on (default 8000; 0 picks a free one)")
    .option("--data <dir>", "data folder (default ./data or $OPENTT_DATA)")
    .option("--sim", "short for --radio sim: the simulated floor and the /sim control routes")
    .option(
      "--radio <radio>",
      "sim, mqtt (embedded broker), mqtt(s)://[user:pass@]host[:port][/base], serial:/dev/…, lrs or lrs+http://host:8000",
    )
    .option("--radio-token <token>", "with --radio lrs: the vendor gateway's token (or $OPENTT_RADIO_TOKEN)")
    .option("--mqtt-port <port>", "port of the embedded broker with --radio mqtt (default 1883)")
    .option("--demo", "with --sim: run demo traffic (guests, tables, deliveries)")
    .option("--no-mdns", "do not advertise the gateway with Bonjour/mDNS")
    .option("--seed <n>", "demo traffic seed", "42")
    .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent")
    .option("--log-format <format>", "json (default: one JSON object a line) or pretty (for a person at a terminal)")
    .option("--durability <mode>", "normal (survives crashes) or full (also power loss; slower)")
    .option("--advertise-ip <ip>", "address to announce over mDNS on a multi-homed box")
    .option("--interface <name>", "network interface to announce on")
    .option("--backup-dir <dir>", "write a nightly backup of the database here (after 03:00 local time)")
    .option("--backup-keep <n>", "how many nightly backups to keep (default 7)")
    .option("--cloud-ca <file>", "a private CA (PEM) the cloud's certificate may chain to ($OPENTT_CLOUD_CA)")
    .option(
      "--cloud-allow-http",
      "allow plain HTTP to a cloud that is not on this machine ($OPENTT_CLOUD_ALLOW_HTTP=1)",
    )
    .option("--metrics-access <who>", "GET /metrics for: loopback (this machine, default) or token (an access token)")
    .action(async (flags: GatewayFlags) => {
      // Handlers first: a signal that came before them would kill the process mid start-up. Until
      // the gateway exists a signal is only noted; it stops the gateway once start-up has ended.
      let requested: string | undefined;
      let stop = (signal: string) => {
        requested ??= signal;
      };
      process.once("SIGINT", () => stop("SIGINT"));
      process.once("SIGTERM", () => stop("SIGTERM"));
      const config = resolveConfig(configFromEnv(process.env), {
        host: flags.host,
        port: flags.port === undefined ? undefined : Number(flags.port),
        dataDir: flags.data,
        sim: flags.sim,
        demo: flags.demo,
        mdns: flags.mdns,
        demoSeed: Number(flags.seed),
        logLevel: flags.logLevel,
        logFormat: flags.logFormat,
        durability: flags.durability,
        advertiseIp: flags.advertiseIp,
        interface: flags.interface,
        backupDir: flags.backupDir,
        backupKeep: flags.backupKeep === undefined ? undefined : Number(flags.backupKeep),
        metricsAccess: flags.metricsAccess,
        radio: flags.radio,
        mqttPort: flags.mqttPort === undefined ? undefined : Number(flags.mqttPort),
        radioToken: flags.radioToken,
        cloudCa: flags.cloudCa,
        cloudAllowHttp: flags.cloudAllowHttp,
      });
      // The port first: the Gateway's constructor opens the data folder (locks, migrations), and a
      // start that cannot listen must leave it untouched. (Another program may still take the port
      // in between; then start() fails the same way, after the data was opened.)
      if (config.port !== 0)
        await probePort(config.host, config.port).catch((e: unknown) => {
          throw listenFailure(e, config) ?? e;
        });
      // The mDNS responder is a large module (~10% of start-up): load it only to advertise.
      const loadAdvertiser = config.mdns ? (await import("../discovery/load.js")).loadAdvertiser : undefined;
      // Loaded here, not at the top: the other commands start faster without the server's modules.
      const { Gateway } = await import("../gateway.js");
      const { createLogger } = await import("../ops/logger.js");
      const logger = await createLogger({
        level: config.logLevel,
        format: config.logFormat,
        colorize: process.stdout.isTTY === true && !process.env.NO_COLOR,
      });
      const gateway = new Gateway(config, {
        logger,
        advertiser: loadAdvertiser,
        extraRoutes: await loadDashboard(),
        // `--radio lrs` with no address finds the vendor gateway with the SDK's browser.
        browseGateways: async (timeout) => (await import("../sdk/discovery.js")).discover({ timeout }),
      });
      // A signal during start-up waits for start-up to end (a half-started gateway has nothing to
      // stop cleanly), so the log reads serving → stopping → stopped, never stopping → serving.
      const startup = gateway.start().then(() => {
        const mode = config.sim
          ? config.demo
            ? " (simulated floor, demo traffic)"
            : " (simulated floor)"
          : config.radio !== "none"
            ? ` (radio ${gateway.radioStatus().url})`
            : "";
        const urls = gateway.urls;
        gateway.logger.info(
          { url: gateway.url, urls, data: config.dataDir },
          `opentt gateway serving ${urls.join(" ")}${mode}`,
        );
      });
      let stopping = false;
      stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        startup
          .then(
            async () => {
              gateway.logger.info({ signal }, "stopping");
              await gateway.stop();
              gateway.logger.info("stopped");
              process.exit(0);
            },
            () => {},
          ) // a failed start-up has stopped itself and is reported below
          .catch((e: unknown) => {
            gateway.logger.error(
              { err: e },
              "stop failed: the database recovers at the next start; report the error if it repeats",
            );
            process.exit(1);
          });
      };
      if (requested) stop(requested);
      process.on("SIGUSR1", () => gateway.ctx.pressButton("SIGUSR1"));
      await startup.catch((e: unknown) => {
        throw listenFailure(e, config) ?? e;
      });
    });
}

/** Listening failed for a reason the user fixes with a flag: say which flag, without a stack. */
function listenFailure(e: unknown, config: Readonly<GatewayConfig>): CliError | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const where = `${config.host}:${config.port}`;
  if (code === "EADDRINUSE")
    return new CliError(
      `Port ${config.port} is already in use (${where}; another opentt gateway, or another program). Stop it, or pick another port: --port P or OPENTT_PORT=P (0 picks a free one), e.g. \`OPENTT_PORT=8001 npm start\`.`,
      EXIT.FAILED,
    );
  if (code === "EACCES")
    return new CliError(
      `Not allowed to listen on ${where}: ports below 1024 need root. Pick another port: --port P or OPENTT_PORT=P.`,
      EXIT.FAILED,
    );
  if (code === "EADDRNOTAVAIL")
    return new CliError(
      `Cannot listen on ${config.host}: no interface of this machine has that address. Pick another: --host H or OPENTT_HOST=H (0.0.0.0 is every address).`,
      EXIT.FAILED,
    );
  return undefined;
}

/** The dashboard is optional at run time: a gateway built without web assets still serves the API. */
async function loadDashboard() {
  try {
    const mod = await import("../web/serve.js");
    return mod.mountDashboard;
  } catch {
    return undefined;
  }
}
