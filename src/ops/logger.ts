// The gateway's log: pino JSON lines by default, for journald and log shippers; `--log-format
// pretty` (pino-pretty) for a person at a terminal. pino-pretty loads only when asked for.
import pino, { type Logger } from "pino";
import type { GatewayConfig } from "../config.js";

export async function createLogger(o: {
  level: string;
  format: GatewayConfig["logFormat"];
  colorize: boolean;
}): Promise<Logger> {
  const options = { level: o.level, base: { name: "opentt" } };
  if (o.format === "json") return pino(options);
  const { default: pretty } = await import("pino-pretty");
  // Synchronous, like pino's own stdout: the last lines before an exit are not lost.
  const stream = pretty({
    colorize: o.colorize,
    translateTime: "SYS:yyyy-mm-dd HH:MM:ss",
    ignore: "pid,hostname,name",
    sync: true,
  });
  return pino(options, stream);
}
