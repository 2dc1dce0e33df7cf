// opentt/sdk/node — everything in opentt/sdk, plus what only Node can do: mDNS discovery, the
// WebSocket with header auth (the `ws` package), rediscovery when the gateway's address changes,
// and a saved-token file.
import { createClient } from "./client.js";
import { type DiscoveredGateway, discover } from "./discovery.js";
import { frameAuthSocket, headerAuthSocket } from "./node-socket.js";
import { type SubscribeOptions, type Subscription, subscribe as subscribeWith } from "./subscription.js";

export {
  type DiscoveredGateway,
  type DiscoverOptions,
  discover,
  type GatewayEvent,
  watchGateways,
} from "./discovery.js";
export * from "./index.js";
export { frameAuthSocket, headerAuthSocket } from "./node-socket.js";
export { defaultTokenFile, type SavedToken, TokenFile } from "./token-file.js";

export interface NodeSubscribeOptions extends SubscribeOptions {
  /** `header` (default): the token rides on the upgrade request; `frame`: sent first, like a browser. */
  auth?: "header" | "frame";
  /**
   * Find the gateway again by mDNS when it stops answering at its address (DHCP moved it).
   * `true` learns the serial from `GET /api/v2` at start; or name the serial yourself.
   * Ignored when `rediscover` is given.
   */
  discovery?: boolean | { serial?: string; timeoutMs?: number };
}

/**
 * The gateway with this serial, or the only one on the LAN when the serial is unknown.
 *
 * @example
 * ```ts
 * const g = pickGateway(await discover({ timeout: 3000 }), "1A2B3C4D5E6F");
 * if (g) client = createClient({ baseUrl: g.url, token });
 * ```
 */
export function pickGateway(found: DiscoveredGateway[], serial?: string): DiscoveredGateway | undefined {
  if (serial) return found.find((g) => g.serial === serial);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Like the browser `subscribe`, with header auth by default and optional mDNS rediscovery.
 *
 * @example
 * ```ts
 * import { subscribe } from "opentt/sdk/node";
 * const sub = subscribe({ baseUrl: "http://192.168.1.23:8000", token, discovery: true });
 * sub.on("orders", (orders) => console.table(orders));
 * sub.on("address", (url) => console.log("gateway moved to", url));
 * ```
 */
export function subscribe(opts: NodeSubscribeOptions): Subscription {
  const { auth = "header", discovery, ...rest } = opts;
  if (auth !== "header" && auth !== "frame") throw new TypeError('subscribe: auth must be "header" or "frame"');
  const base: SubscribeOptions = { ...rest };
  if (!base.connect && !base.WebSocket) base.connect = auth === "header" ? headerAuthSocket : frameAuthSocket;
  if (discovery && !base.rediscover) {
    const cfg = typeof discovery === "object" ? discovery : {};
    let serial = cfg.serial;
    if (!serial) {
      // Learn who we are talking to while it is still reachable.
      createClient({ baseUrl: opts.baseUrl })
        .info()
        .then((i) => {
          serial ??= i.gateway.serial;
        })
        .catch(() => {});
    }
    base.rediscover = async () => pickGateway(await discover({ timeout: cfg.timeoutMs ?? 3_000 }), serial)?.url;
  }
  return subscribeWith(base);
}
