// `opentt status`: is the gateway there, what is it, and (with a token) how is service going.
import type { Command } from "commander";
import { createClient } from "../sdk/client.js";
import { isTrackerApiError } from "../sdk/errors.js";
import { type ConnectionFlags, connectionOptions, resolveGateway, resolveToken } from "./connection.js";
import type { CliIo } from "./io.js";
import { duration, printJson } from "./output.js";

export function registerStatusCommand(program: Command, io: CliIo): void {
  connectionOptions(
    program.command("status").description("gateway identity and health; with a token also today's service"),
  ).action(async (flags: ConnectionFlags) => {
    const baseUrl = await resolveGateway(flags, io);
    const { gateway } = await createClient({ baseUrl }).info();
    // Without a token the public part is still useful: say so instead of failing.
    const token = await resolveToken(flags, baseUrl, io).catch(() => undefined);
    let service: { activeOrders: number; statistics: unknown; tokenValid: boolean } | undefined;
    if (token) {
      const client = createClient({ baseUrl, token });
      try {
        const [orders, statistics] = await Promise.all([client.listOrders(), client.statistics()]);
        service = { activeOrders: orders.length, statistics, tokenValid: true };
      } catch (e) {
        if (!isTrackerApiError(e) || e.code !== "INVALID_TOKEN") throw e;
        service = { activeOrders: 0, statistics: null, tokenValid: false };
      }
    }
    if (flags.json) return printJson(io, { url: baseUrl, gateway, ...(service ?? { tokenValid: null }) });
    io.out(`${gateway.name}  ${baseUrl}\n`);
    io.out(
      `  version ${gateway.version}, up ${duration(gateway.uptime)}, local time ${gateway.time} (${gateway.timezone})\n`,
    );
    if (!service) io.out("  no token: run `opentt token` to see orders and statistics\n");
    else if (!service.tokenValid) io.out("  the token was refused: run `opentt token` for a new one\n");
    else {
      const s = service.statistics as {
        ordersToday: number;
        averageSeconds: number;
        percentGoal: number;
        targetTime: number;
      };
      io.out(
        `  ${service.activeOrders} active order${service.activeOrders === 1 ? "" : "s"}; today ${s.ordersToday} delivered, average ${duration(s.averageSeconds)}, ${Math.round(s.percentGoal)}% within ${duration(s.targetTime)}\n`,
      );
    }
  });
}
