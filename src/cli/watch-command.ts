// `opentt watch`: a live board of the active orders over the WebSocket. On a terminal it redraws
// in place every second; piped, it prints the board on each change; with --json it streams each
// snapshot and event as one JSON line.
import type { Command } from "commander";
import type { ActiveOrder } from "../protocol/wire.js";
import { subscribe } from "../sdk/node.js";
import { type ConnectionFlags, connect, connectionOptions } from "./connection.js";
import { CliError, EXIT } from "./exit-codes.js";
import { type CliIo, interruptSignal, useColor } from "./io.js";
import { renderBoard } from "./watch-board.js";

const HOME_CLEAR = "\x1b[H\x1b[2J";
const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";

export function registerWatchCommand(program: Command, io: CliIo): void {
  connectionOptions(
    program
      .command("watch")
      .description("live board of the active orders (Ctrl-C to stop)")
      .option("--target <seconds>", "colour against this target time (default: the gateway's targetTimeDefault)"),
  ).action(async (flags: ConnectionFlags & { target?: string }) => {
    const { client, baseUrl, token } = await connect(flags, io);
    const [{ gateway }, settings] = await Promise.all([client.info(), client.getSettings()]);
    const target = flags.target === undefined ? settings.targetTimeDefault : Number(flags.target);
    if (!(target > 0)) throw new CliError("--target must be a positive number of seconds", EXIT.USAGE);

    const sub = subscribe({
      baseUrl,
      token: token ?? "",
      discovery: flags.gateway === undefined ? { serial: gateway.serial } : false,
    });
    const receivedAt = new Map<string, number>();
    const live = io.isTTY && !flags.json;
    const draw = () => {
      const text = renderBoard({
        orders: sub.orders(),
        receivedAt,
        now: Date.now(),
        targetSeconds: target,
        title: gateway.name,
        status: sub.status,
        color: useColor(io),
      });
      io.out(live ? HOME_CLEAR + text : `${text}\n`);
    };
    const stamp = (orders: ActiveOrder[]) => {
      const now = Date.now();
      for (const o of orders) receivedAt.set(o.uuid, now);
    };
    sub.on("snapshot", (s) => {
      receivedAt.clear();
      stamp(s.items);
      if (flags.json) io.out(`${JSON.stringify(s)}\n`);
      else draw();
    });
    sub.on("event", (e) => {
      stamp([e]);
      if (flags.json) io.out(`${JSON.stringify(e)}\n`);
      else draw();
    });
    sub.on("status", () => live && draw());
    let lastError: Error | undefined;
    sub.on("error", (e) => {
      lastError = e;
      io.err(`opentt watch: ${e.message}\n`);
    });

    const interrupt = interruptSignal(io);
    // A reader that has read enough (`| head -n 1`) ends the watch now, not at the next event.
    let readerGone = () => {};
    const stopWatchingReader = io.watchReader?.(() => readerGone());
    if (live) io.out(HIDE_CURSOR);
    const ticker = live ? setInterval(draw, 1_000) : undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        interrupt.signal.addEventListener("abort", () => resolve(), { once: true });
        readerGone = resolve;
        // The session only closes by itself when the gateway refused us: that is the exit reason.
        sub.on(
          "status",
          (s) => s === "closed" && reject(lastError ?? new CliError("The session closed.", EXIT.FAILED)),
        );
      });
    } finally {
      clearInterval(ticker);
      stopWatchingReader?.();
      sub.close();
      interrupt.dispose();
      if (live) io.out(SHOW_CURSOR);
    }
  });
}
