// `opentt backup <file>` and `opentt restore <file>`: the database of a gateway on this machine.
//
// The backup reads the data folder's database directly with SQLite's online backup API rather
// than asking the gateway over HTTP: it works when the gateway is stopped or too busy to answer,
// needs no token, and in WAL mode its read snapshot never blocks the gateway's writes (see
// src/store/backup.ts). It needs read access to the data folder: run it as the gateway's user.
import path from "node:path";
import type { Command } from "commander";
import { DEFAULT_CONFIG } from "../config.js";
import { CliError, EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { printJson } from "./output.js";

interface DataFlags {
  data?: string;
  json?: boolean;
}

function dataDir(flags: DataFlags, io: CliIo): string {
  return flags.data ?? io.env.OPENTT_DATA ?? DEFAULT_CONFIG.dataDir;
}

export function registerBackupCommands(program: Command, io: CliIo): void {
  program
    .command("backup")
    .description("copy the gateway's database to <file>, while it runs (a consistent snapshot)")
    .argument("<file>", "where to write the backup")
    .option("--data <dir>", "the gateway's data folder (default ./data or $OPENTT_DATA)")
    .option("--json", "print the result as JSON")
    .action(async (file: string, flags: DataFlags) => {
      const { backupDatabase, DB_FILE } = await import("../store/backup.js");
      const r = await backupDatabase(path.join(dataDir(flags, io), DB_FILE), file);
      if (flags.json) printJson(io, r);
      else
        io.out(
          `Backup written to ${r.file}: ${r.orders} orders, schema version ${r.schemaVersion}, ${r.bytes} bytes.\n`,
        );
    });

  program
    .command("restore")
    .description("replace a stopped gateway's database with a backup (the old one is kept aside)")
    .argument("<file>", "a file made by `opentt backup` (or a nightly backup)")
    .option("--data <dir>", "the gateway's data folder (default ./data or $OPENTT_DATA)")
    .option("--json", "print the result as JSON")
    .action(async (file: string, flags: DataFlags) => {
      const { restoreDatabase } = await import("../store/backup.js");
      const { runningGateway } = await import("../ops/pid-file.js");
      const dir = dataDir(flags, io);
      const live = runningGateway(dir);
      if (live) {
        throw new CliError(
          `A gateway is running on ${dir} (pid ${live.pid}): stop it first (\`sudo systemctl stop opentt\`, or Ctrl-C), then restore`,
          EXIT.FAILED,
        );
      }
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const r = restoreDatabase(file, dir, stamp);
      if (flags.json) printJson(io, { restored: file, dataDir: dir, ...r });
      else {
        io.out(`Restored ${file} into ${dir}: ${r.orders} orders, schema version ${r.schemaVersion}.\n`);
        if (r.keptAs) io.out(`The database it replaced is kept as ${r.keptAs}.\n`);
        io.out("Start the gateway: it upgrades an older backup's schema as it opens it.\n");
      }
    });
}
