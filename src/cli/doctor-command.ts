// `opentt doctor`: checks what breaks floors in practice, on the gateway box, and says how to fix
// each. Exit code 0 only when nothing failed (warnings are advice); --json for scripts.
import type { Command } from "commander";
import { DEFAULT_CONFIG } from "../config.js";
import { CliError, EXIT } from "./exit-codes.js";
import { type CliIo, useColor } from "./io.js";
import { ansi, printJson } from "./output.js";

interface DoctorFlags {
  data?: string;
  port?: string;
  timeout: string;
  json?: boolean;
}

export function registerDoctorCommand(program: Command, io: CliIo): void {
  program
    .command("doctor")
    .description("check this box for what breaks floors (port, mDNS, clock, disk, radio, cloud, token file)")
    .option("--data <dir>", "the gateway's data folder (default ./data or $OPENTT_DATA)")
    .option("--port <port>", "the gateway's port, when it is not running (default 8000 or $OPENTT_PORT)")
    .option("--timeout <s>", "seconds each network check waits for answers", "2")
    .option("--json", "print the checks as JSON")
    .action(async (flags: DoctorFlags) => {
      const timeoutMs = Number(flags.timeout) * 1000;
      const port = Number(flags.port ?? io.env.OPENTT_PORT ?? DEFAULT_CONFIG.port);
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
        throw new CliError("--timeout must be a number of seconds > 0", EXIT.USAGE);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError("--port must be 1-65535", EXIT.USAGE);
      const { runDoctor } = await import("../ops/doctor/run.js");
      const { healthy } = await import("../ops/doctor/check.js");
      const dataDir = flags.data ?? io.env.OPENTT_DATA ?? DEFAULT_CONFIG.dataDir;
      const checks = await runDoctor({ dataDir, port, env: io.env, timeoutMs });
      const ok = healthy(checks);
      if (flags.json) printJson(io, { healthy: ok, checks });
      else {
        const color = useColor(io);
        const mark = {
          pass: ansi.green("ok  "),
          warn: ansi.yellow("warn"),
          fail: ansi.red("FAIL"),
          skip: ansi.dim("skip"),
        };
        const plain = { pass: "ok  ", warn: "warn", fail: "FAIL", skip: "skip" };
        for (const c of checks) {
          io.out(`${(color ? mark : plain)[c.status]}  ${c.id}: ${c.detail}\n`);
          if (c.fix) io.out(`      → ${c.fix}\n`);
        }
      }
      const failed = checks.filter((c) => c.status === "fail").length;
      if (!ok) throw new CliError(`${failed} check(s) failed: see the → lines above for what to do`, EXIT.FAILED);
    });
}
