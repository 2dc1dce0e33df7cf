// Picks the advertiser for a gateway: the mDNS responder, told where the HTTP server listens and
// what --interface / --advertise-ip asked for. Tests and --no-mdns never get here.
import type { GatewayConfig } from "../config.js";
import type { AppContext } from "../context.js";
import type { Advertiser } from "./advertiser.js";
import { MdnsAdvertiser } from "./mdns-advertiser.js";

export function loadAdvertiser(ctx: Pick<AppContext, "logger">, config: Readonly<GatewayConfig>): Advertiser {
  return new MdnsAdvertiser(
    { listenHost: config.host, interface: config.interface, advertiseIp: config.advertiseIp },
    ctx.logger.child({ component: "mdns" }),
  );
}
