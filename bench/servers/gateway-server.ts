// The server under test: the real gateway, in-process in whatever process hosts it.
import pino from "pino";
import { resolveConfig } from "../../src/config.js";
import { Gateway } from "../../src/gateway.js";
import { LOOPBACK, type Starter } from "./net.js";

/** The real gateway on loopback port 0, radio-less, silent, with one freshly minted token. */
export const gateway: Starter = async (opts) => {
  const config = resolveConfig({
    host: LOOPBACK,
    port: 0,
    sim: false,
    mdns: false,
    logLevel: "silent",
    dataDir: String(opts.dataDir),
    durability: opts.durability === "full" ? "full" : "normal",
  });
  const g = await new Gateway(config, { logger: pino({ level: "silent" }) }).start();
  g.ctx.tokens.pressButton();
  const name = `bench-${process.pid}-${Date.now()}`;
  const token = g.ctx.tokens.generate(name, null, g.ctx.settings.zone).token;
  return {
    info: { port: g.port, token, zone: g.ctx.settings.zone },
    commands: { clients: () => g.hub.clientCount },
    stop: () => g.stop(),
  };
};
