// Picks the advertiser for a gateway. The mDNS responder arrives with discovery (issue #5);
// until then the gateway is reached by address.
import type { GatewayConfig } from "../config.js";
import type { AppContext } from "../context.js";
import { type Advertiser, noAdvertiser } from "./advertiser.js";

export function loadAdvertiser(_ctx: AppContext, _config: Readonly<GatewayConfig>): Advertiser {
  return noAdvertiser;
}
