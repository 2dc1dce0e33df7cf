// `opentt history` (past and current orders, filters as flags) and `opentt stats`.
import type { Command } from "commander";
import type { OrderType } from "../protocol/wire.js";
import type { HistoryQuery } from "../sdk/types.js";
import { type ConnectionFlags, connect, connectionOptions } from "./connection.js";
import { CliError, EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { duration, fields, printJson, table } from "./output.js";

interface HistoryFlags extends ConnectionFlags {
  type?: string;
  table?: string;
  after?: string;
  before?: string;
  limit: string;
  offset: string;
}

const int = (v: string, flag: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new CliError(`${flag} must be an integer`, EXIT.USAGE);
  return n;
};
const secs = (v: number | null) => (v === null ? "-" : duration(v));

export function registerHistoryCommands(program: Command, io: CliIo): void {
  connectionOptions(
    program
      .command("history")
      .description("order history, newest first (kept 14 days)")
      .option("--type <type>", "only ON_PREMISE or TO_GO")
      .option("--table <table>", "only orders located at this table")
      .option("--after <time>", "created at or after YYYY-MM-DDTHH:MM:SS (gateway local time)")
      .option("--before <time>", "created before YYYY-MM-DDTHH:MM:SS (gateway local time)")
      .option("--limit <n>", "orders per page, 1-100", "25")
      .option("--offset <n>", "skip this many", "0"),
  ).action(async (flags: HistoryFlags) => {
    const q: HistoryQuery = {
      orderType: flags.type?.toUpperCase() as OrderType | undefined,
      locationName: flags.table,
      createdAfter: flags.after,
      createdBefore: flags.before,
      limit: int(flags.limit, "--limit"),
      offset: int(flags.offset, "--offset"),
    };
    const { client } = await connect(flags, io);
    const page = await client.history(q);
    if (flags.json) return printJson(io, page);
    io.out(
      table(
        ["ORDER", "TYPE", "TABLE", "STATE", "STARTED", "TO SIT", "DELIVERY", "CLEARED BY"],
        page.items.map((o) => [
          o.name,
          o.orderType,
          o.locationName ?? "-",
          o.state,
          o.orderStarted,
          secs(o.timeToSit),
          secs(o.deliveryTime),
          o.orderClearedReason ?? "",
        ]),
        { align: ["left", "left", "left", "left", "left", "right", "right"] },
      ),
    );
    io.out(`${page.count} of ${page.total} (offset ${q.offset}).\n`);
  });

  connectionOptions(
    program
      .command("stats")
      .description("today's delivery statistics")
      .option("--target <seconds>", "target delivery time (default: the gateway's targetTimeDefault)"),
  ).action(async (flags: ConnectionFlags & { target?: string }) => {
    const target = flags.target === undefined ? undefined : int(flags.target, "--target");
    const { client } = await connect(flags, io);
    const s = await client.statistics(target);
    if (flags.json) return printJson(io, s);
    io.out(
      fields(
        [
          ["Orders delivered today", String(s.ordersToday)],
          ["Average delivery time", duration(s.averageSeconds)],
          [`Delivered within ${duration(s.targetTime)}`, `${Math.round(s.percentGoal)}%`],
        ],
        "right",
      ),
    );
  });
}
