// `opentt cloud`: runs the multi-site cloud service [opentt] until SIGINT/SIGTERM, on a
// PostgreSQL server (--database) or embedded PGlite in ./cloud-data. `--create-account NAME`
// creates an account, prints its admin token once, and exits. Its subcommands (status, bind,
// unbind: cloud-link-command.ts) are the gateway's side of the link; without one it is the service.
import type { Command } from "commander";
// The cloud's code (pg, PGlite, fastify) loads only when this command runs, so every other
// command starts fast.
import { MAX_TOKEN_OVERLAP_S } from "../cloud/accounts.js";
import { DEFAULT_CLOUD_CONFIG } from "../cloud/config.js";
import { CliError, EXIT } from "./exit-codes.js";

interface CloudFlags {
  host?: string;
  port?: string;
  database?: string;
  databaseReplica?: string;
  data?: string;
  logLevel?: string;
  createAccount?: string;
  rotateToken?: string;
  overlap?: string;
  tlsCert?: string;
  tlsKey?: string;
  trustProxy?: string;
  copyTo?: string;
}

/** Registers `opentt cloud` and returns it, for the gateway-side subcommands to hang under. */
export function registerCloudCommand(program: Command): Command {
  return (
    program
      .command("cloud")
      .description(
        "run the opentt cloud: every site's orders on PostgreSQL (embedded PGlite without --database); " +
          "with status, bind or unbind: this gateway's link to a cloud site",
      )
      .usage("[service options] | status | bind <device-code> <cloud-url> | unbind")
      // A word that is no subcommand reaches the action, which names the subcommands.
      .allowExcessArguments()
      .option("--host <host>", "address to listen on (default 0.0.0.0)")
      .option("--port <port>", `port to listen on (default ${DEFAULT_CLOUD_CONFIG.port}; 0 picks a free one)`)
      .option("--database <url>", "postgres://user:pass@host/db (default: embedded PGlite, or $OPENTT_CLOUD_DATABASE)")
      .option(
        "--database-replica <url>",
        "postgres:// of a hot standby of --database: listings and analytics read there ($OPENTT_CLOUD_DATABASE_REPLICA)",
      )
      .option("--data <dir>", "PGlite data folder when no --database (default ./cloud-data)")
      .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent")
      .option("--create-account <name>", "create an account, print its admin token, and exit")
      .option(
        "--rotate-token <account-id>",
        "mint a new admin token for the account, print it, revoke the old, and exit",
      )
      .option(
        "--overlap <seconds>",
        "with --rotate-token: the old token keeps working this long (default 0, max 604800)",
      )
      .option(
        "--copy-to <url>",
        "copy every account, site and order of this cloud (--data or --database) into an empty postgres:// database, and exit",
      )
      .option(
        "--tls-cert <file>",
        "serve HTTPS with this PEM certificate chain (with --tls-key; $OPENTT_CLOUD_TLS_CERT)",
      )
      .option("--tls-key <file>", "the certificate's PEM private key ($OPENTT_CLOUD_TLS_KEY)")
      .option(
        "--trust-proxy <addresses>",
        "comma-separated IPs/CIDRs of the load balancer whose X-Forwarded-For names the client ($OPENTT_CLOUD_TRUST_PROXY)",
      )
      .action(async (flags: CloudFlags, cmd: Command) => {
        if (cmd.args.length > 0)
          throw new CliError(
            `Unknown cloud command '${cmd.args[0]}': use status, bind or unbind, or no command to run the cloud service.`,
            EXIT.USAGE,
          );
        const { createAccount } = await import("../cloud/accounts.js");
        const { openCloudDb } = await import("../cloud/db.js");
        const { migrateCloud } = await import("../cloud/migrations.js");
        const { CloudService } = await import("../cloud/service.js");
        const env = process.env;
        const config = {
          host: flags.host ?? env.OPENTT_CLOUD_HOST ?? DEFAULT_CLOUD_CONFIG.host,
          port: Number(flags.port ?? env.OPENTT_CLOUD_PORT ?? DEFAULT_CLOUD_CONFIG.port),
          database: flags.database ?? env.OPENTT_CLOUD_DATABASE,
          databaseReplica: flags.databaseReplica ?? env.OPENTT_CLOUD_DATABASE_REPLICA,
          dataDir: flags.data ?? env.OPENTT_CLOUD_DATA ?? DEFAULT_CLOUD_CONFIG.dataDir,
          logLevel: flags.logLevel ?? env.OPENTT_LOG_LEVEL ?? DEFAULT_CLOUD_CONFIG.logLevel,
          tlsCert: flags.tlsCert ?? env.OPENTT_CLOUD_TLS_CERT,
          tlsKey: flags.tlsKey ?? env.OPENTT_CLOUD_TLS_KEY,
          trustProxy: flags.trustProxy ?? env.OPENTT_CLOUD_TRUST_PROXY,
        };
        if (flags.copyTo !== undefined) {
          await copyFromCli(config, flags.copyTo);
          return;
        }
        if (flags.rotateToken !== undefined) {
          await rotateFromCli(config, flags.rotateToken, flags.overlap ?? "0");
          return;
        }
        if (flags.createAccount !== undefined) {
          const db = await openCloudDb(config);
          try {
            await migrateCloud(db);
            const a = await createAccount(db, flags.createAccount);
            process.stdout.write(
              `account ${a.id} "${a.name}" created.\nadmin token (shown once): ${a.token}\n` +
                `use it as 'Authorization: Bearer <token>' on /cloud/v1/sites, /cloud/v1/orders, /cloud/v1/statistics\n`,
            );
          } finally {
            await db.close();
          }
          return;
        }
        const cloud = new CloudService(config);
        const stop = (signal: string) => {
          cloud.logger.info({ signal }, "stopping");
          cloud.stop().then(
            () => process.exit(0),
            (e) => {
              cloud.logger.error(
                { err: e },
                "stop failed: the database recovers at the next start; report the error if it repeats",
              );
              process.exit(1);
            },
          );
        };
        process.once("SIGINT", () => stop("SIGINT"));
        process.once("SIGTERM", () => stop("SIGTERM"));
        await cloud.start();
        cloud.logger.info(
          { url: cloud.url, database: config.database ? "postgres" : `pglite:${config.dataDir}` },
          `opentt cloud serving ${cloud.url}`,
        );
      })
  );
}

/** `--rotate-token ID`: for an operator with database access (e.g. the admin token was lost). */
async function rotateFromCli(config: { database?: string; dataDir: string }, id: string, overlap: string) {
  const accountId = Number(id);
  const seconds = Number(overlap);
  if (!Number.isInteger(accountId) || accountId < 1)
    throw new CliError(`--rotate-token takes an account id (a whole number), not '${id}'`, EXIT.USAGE);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_TOKEN_OVERLAP_S)
    throw new CliError(`--overlap takes whole seconds from 0 to ${MAX_TOKEN_OVERLAP_S}, not '${overlap}'`, EXIT.USAGE);
  const { rotateAdminToken } = await import("../cloud/accounts.js");
  const { openCloudDb } = await import("../cloud/db.js");
  const { migrateCloud } = await import("../cloud/migrations.js");
  const db = await openCloudDb(config);
  try {
    await migrateCloud(db);
    const r = await rotateAdminToken(db, accountId, seconds).catch((e: Error) => {
      throw new CliError(e.message, EXIT.NOT_FOUND);
    });
    process.stdout.write(
      `account ${accountId}: new admin token (shown once): ${r.token}\n` +
        (r.previousTokenValidUntil
          ? `the old token keeps working until ${r.previousTokenValidUntil}\n`
          : "the old token is revoked\n"),
    );
  } finally {
    await db.close();
  }
}

/** `--copy-to URL`: moves a chain off PGlite (or between servers); the cloud must be stopped. */
async function copyFromCli(config: { database?: string; dataDir: string }, to: string) {
  if (!/^postgres(ql)?:\/\//.test(to)) throw new CliError("--copy-to must be a postgres:// URL", EXIT.USAGE);
  const { copyCloud } = await import("../cloud/copy.js");
  const { openCloudDb, openPostgres } = await import("../cloud/db.js");
  const { migrateCloud } = await import("../cloud/migrations.js");
  const from = await openCloudDb(config);
  const target = openPostgres(to, { max: 2 });
  try {
    await migrateCloud(from);
    const r = await copyCloud(from, target).catch((e: Error) => {
      throw new CliError(`Copy failed, the target is unchanged: ${e.message}`, EXIT.FAILED);
    });
    process.stdout.write(
      `copied ${r.accounts} accounts, ${r.sites} sites and ${r.orders} orders.\n` +
        "start the cloud with --database on the new server; gateways and admin tokens carry on as they were\n",
    );
  } finally {
    await target.close();
    await from.close();
  }
}
