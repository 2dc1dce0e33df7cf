// `opentt webhooks list|add|remove`: the URLs the gateway POSTs every order change to (spec §8).
import type { Command } from "commander";
import { type ConnectionFlags, connect, connectionOptions } from "./connection.js";
import type { CliIo } from "./io.js";
import { printJson, table } from "./output.js";

export function registerWebhooksCommand(program: Command, io: CliIo): void {
  const webhooks = program
    .command("webhooks")
    .description("list, add and remove webhooks: URLs the gateway POSTs every order change to");
  connectionOptions(
    webhooks.command("list").description("registered webhooks, with undelivered changes and the last error"),
  ).action(async (flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    const items = await client.listWebhooks();
    if (flags.json) return printJson(io, items);
    if (items.length === 0) return io.out("No webhooks registered; `opentt webhooks add <url>` adds one.\n");
    io.out(
      table(
        ["URL", "PENDING", "LAST ERROR"],
        items.map((w) => [w.http_client, String(w.pending), w.lastError ?? ""]),
        { align: ["left", "right"] },
      ),
    );
  });
  connectionOptions(
    webhooks
      .command("add")
      .description("register a URL: the gateway POSTs each order change there as ORDER_SUMMARY JSON, retrying")
      .argument("<url>", "http:// or https:// URL"),
  ).action(async (url: string, flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    await client.registerWebhook(url);
    if (flags.json) return printJson(io, { registered: url });
    io.out(`Webhook registered: every order change is POSTed to ${url}.\n`);
  });
  connectionOptions(
    webhooks
      .command("remove")
      .description("unregister a URL (its undelivered changes are dropped)")
      .argument("<url>", "the URL as `opentt webhooks list` shows it"),
  ).action(async (url: string, flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    await client.unregisterWebhook(url);
    if (flags.json) return printJson(io, { removed: url });
    io.out(`Webhook removed: ${url}.\n`);
  });
}
