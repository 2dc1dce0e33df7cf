// `opentt install-service`: writes the systemd unit (src/ops/systemd-unit.ts), creates the
// gateway's user and data folder, and says how to start it. `--print` only prints the unit.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { CliError, EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";

interface ServiceFlags {
  print?: boolean;
  user: string;
  data: string;
  port: string;
  node: string;
  unitDir: string;
  createUser: boolean;
}

export function registerServiceCommand(program: Command, io: CliIo): void {
  program
    .command("install-service")
    .description("run the gateway as a systemd service (its own user, data in /var/lib/opentt)")
    .argument(
      "[gateway-flags...]",
      "extra `opentt gateway` flags, after --, e.g. -- --backup-dir /var/lib/opentt/backups",
    )
    .option("--print", "print the unit instead of installing it")
    .option("--user <name>", "the service's user", "opentt")
    .option("--data <dir>", "the data folder", "/var/lib/opentt")
    .option("--port <port>", "the port", "8000")
    .option("--node <path>", "the node binary", process.execPath)
    .option("--unit-dir <dir>", "where to write opentt.service", "/etc/systemd/system")
    .option("--no-create-user", "do not create the user and data folder")
    .action(async (gatewayArgs: string[], flags: ServiceFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError("--port must be 1-65535", EXIT.USAGE);
      for (const p of [flags.data, flags.node]) {
        if (!path.isAbsolute(p)) throw new CliError(`${p} must be an absolute path: systemd runs from /`, EXIT.USAGE);
      }
      const { systemdUnit } = await import("../ops/systemd-unit.js");
      const unit = systemdUnit({ node: flags.node, user: flags.user, dataDir: flags.data, port, gatewayArgs });
      if (flags.print) return void io.out(unit);

      if (flags.createUser) createUserAndFolder(flags.user, flags.data);
      const file = path.join(flags.unitDir, "opentt.service");
      try {
        fs.writeFileSync(file, unit, { mode: 0o644 });
      } catch (e) {
        throw new CliError(
          `cannot write ${file} (${(e as NodeJS.ErrnoException).code}): run it with sudo, or --print and place the unit yourself`,
          EXIT.FAILED,
        );
      }
      io.out(
        `Wrote ${file}.\nStart it now and at every boot:\n  sudo systemctl daemon-reload\n  sudo systemctl enable --now opentt\nThen check the box: sudo -u ${flags.user} opentt doctor --data ${flags.data}\n`,
      );
    });
}

function createUserAndFolder(user: string, dataDir: string): void {
  if (process.getuid?.() !== 0) {
    throw new CliError("creating the service's user needs root: run it with sudo (or --no-create-user)", EXIT.FAILED);
  }
  try {
    execFileSync("id", ["-u", user], { stdio: "ignore" });
  } catch {
    execFileSync(
      "useradd",
      [
        "--system",
        "--home-dir",
        dataDir,
        "--no-create-home",
        "--shell",
        "/usr/sbin/nologin",
        "--groups",
        "dialout",
        user,
      ],
      { stdio: "inherit" },
    );
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o750 });
  execFileSync("chown", ["-R", `${user}:${user}`, dataDir]);
}
