// `opentt orders` (the active orders as a table) and `opentt order create|locate|page|unpage|
// show|clear|clear-all`.
import type { Command } from "commander";
import type { ActiveOrder } from "../protocol/wire.js";
import { upsertHeadline } from "./api-messages.js";
import { type ConnectionFlags, connect, connectionOptions } from "./connection.js";
import { CliError, EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { duration, printJson, table } from "./output.js";

const TYPES = ["ON_PREMISE", "TO_GO"];

function orderRows(orders: ActiveOrder[]): string {
  return table(
    ["ORDER", "TYPE", "TABLE", "STATE", "PAGED", "ELAPSED", "CREATED"],
    orders.map((o) => [
      o.name,
      o.orderType,
      o.locationName || "-",
      o.state,
      o.paged ? "yes" : "",
      duration(o.elapsedTime),
      o.created,
    ]),
    { align: ["left", "left", "left", "left", "left", "right"] },
  );
}

function printOrder(io: CliIo, json: boolean | undefined, o: ActiveOrder, headline: string): void {
  if (json) printJson(io, o);
  else io.out(`${headline}\n${orderRows([o])}`);
}

export function registerOrderCommands(program: Command, io: CliIo): void {
  connectionOptions(program.command("orders").description("list the active orders")).action(
    async (flags: ConnectionFlags) => {
      const { client } = await connect(flags, io);
      const orders = await client.listOrders();
      if (flags.json) return printJson(io, orders);
      io.out(orders.length === 0 ? "No active orders.\n" : orderRows(orders));
    },
  );

  const order = program.command("order").description("create, locate, page or clear one order");
  connectionOptions(
    order
      .command("create")
      .description("start an order (or modify the active order with that number)")
      .argument("<name>", "order number, 1-9 digits (the number on the tracker)")
      .option("--type <type>", "ON_PREMISE or TO_GO", "ON_PREMISE")
      .option("--table <table>", "table number: create it already located"),
  ).action(async (name: string, flags: ConnectionFlags & { type: string; table?: string }) => {
    const type = flags.type.toUpperCase();
    if (!TYPES.includes(type)) throw new CliError("--type must be ON_PREMISE or TO_GO", EXIT.USAGE);
    const { client } = await connect(flags, io);
    const r = await client.upsertOrder({
      name,
      orderType: type as ActiveOrder["orderType"],
      locationName: flags.table,
    });
    if (flags.json) return printJson(io, r);
    printOrder(io, false, r.order, upsertHeadline(name, r.result, r.order));
  });
  connectionOptions(
    order
      .command("locate")
      .description("set the table of an order")
      .argument("<name>", "order number")
      .argument("<table>", "table number"),
  ).action(async (name: string, table: string, flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    const r = await client.upsertOrder({ name, locationName: table });
    if (flags.json) return printJson(io, r);
    printOrder(io, false, r.order, upsertHeadline(name, r.result, r.order));
  });
  connectionOptions(
    order.command("show").description("show one active order").argument("<id>", "order number or uuid"),
  ).action(async (id: string, flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    printOrder(io, flags.json, await client.getOrder(id), `Order ${id}:`);
  });
  connectionOptions(
    order
      .command("page")
      .description("make the order's tracker vibrate")
      .argument("<id>", "order number or uuid")
      .option("--no-tracking", "page for 60 s instead of until the tracker is docked or cleared"),
  ).action(async (id: string, flags: ConnectionFlags & { tracking: boolean }) => {
    const { client } = await connect(flags, io);
    printOrder(io, flags.json, await client.pageOrder(id, { tracking: flags.tracking }), `Order ${id}: paging.`);
  });
  connectionOptions(
    order.command("unpage").description("stop paging the order's tracker").argument("<id>", "order number or uuid"),
  ).action(async (id: string, flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    const r = await client.unpageOrder(id);
    if (flags.json) return printJson(io, r);
    io.out(r.canceled ? `Order ${id}: paging canceled.\n` : `Order ${id}: no tracker was paging.\n`);
  });
  connectionOptions(
    order.command("clear").description("clear one order (manager override)").argument("<id>", "order number or uuid"),
  ).action(async (id: string, flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    printOrder(io, flags.json, await client.clearOrder(id), `Order ${id}: cleared.`);
  });
  connectionOptions(
    order
      .command("clear-all")
      .description("clear every active order (manager override)")
      .option("--yes", "confirm: clearing every order cannot be undone"),
  ).action(async (flags: ConnectionFlags & { yes?: boolean }) => {
    if (!flags.yes) throw new CliError("This clears every active order: add --yes to confirm.", EXIT.USAGE);
    const { client } = await connect(flags, io);
    const count = await client.clearAllOrders();
    if (flags.json) return printJson(io, { count });
    io.out(`${count} orders cleared.\n`);
  });
}
