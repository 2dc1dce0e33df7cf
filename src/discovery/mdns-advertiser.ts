// Advertises the gateway as `_tracker-http._tcp.local.` (spec §0) with @homebridge/ciao, a
// standards-correct responder (RFC 6762/6763): it probes before announcing, renames on a name
// conflict, answers queries, re-probes and re-announces when interface addresses change (it polls
// the interfaces every 15 s), and sends goodbyes on stop.
import { isIP } from "node:net";
import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";
import ciao, { type CiaoService, type MDNSServerOptions, type Responder } from "@homebridge/ciao";
import type { Logger } from "pino";
import { GATEWAY_SERVICE_TYPE, SERVICE_NAME } from "../protocol/discovery.js";
import type { Advertiser, ServiceInfo } from "./advertiser.js";
import { applyCiaoFixes } from "./ciao-fixes.js";

export interface AdvertiseOptions {
  /** The address the HTTP server listens on (`--host`). */
  listenHost: string;
  /** `--interface`: announce only on this interface. */
  interface?: string;
  /** `--advertise-ip`: announce only this address. */
  advertiseIp?: string;
}

export interface AdvertisePlan {
  responder: MDNSServerOptions;
  /** Addresses (or interface names) the service record set is limited to; undefined = every interface. */
  restrictedAddresses?: string[];
  /** Things the operator should know; the gateway still advertises. */
  warnings: string[];
}

/** ciao announces the first IPv4 address node lists for an interface. */
const firstIpv4 = (infos: NetworkInterfaceInfo[] | undefined) => infos?.find((i) => i.family === "IPv4")?.address;
const WILDCARD = new Set(["0.0.0.0", "::", ""]);
const isLoopback = (host: string) => host === "localhost" || host === "::1" || host.startsWith("127.");

/**
 * Decides what to announce where, from the flags and the machine's interfaces. Throws a TypeError
 * naming the flag to fix when the flags cannot work on this machine.
 */
export function planAdvertisement(
  opts: AdvertiseOptions,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): AdvertisePlan {
  const warnings: string[] = [];
  const names = Object.keys(interfaces);
  const owner = (address: string) => names.find((n) => interfaces[n]?.some((i) => i.address === address));
  const plan: AdvertisePlan = { responder: {}, warnings };

  if (opts.interface !== undefined) {
    // Not fatal: at boot the interface may not have its DHCP address yet, and the responder
    // starts announcing on it as soon as it does.
    if (!interfaces[opts.interface])
      warnings.push(
        `--interface ${opts.interface} has no address (yet): nothing is announced until it gets one; interfaces with addresses: ${names.join(", ")}`,
      );
    plan.responder.interface = opts.interface;
  }
  if (opts.advertiseIp !== undefined) {
    if (!isIP(opts.advertiseIp)) throw new TypeError(`--advertise-ip must be an IP address, not "${opts.advertiseIp}"`);
    const on = owner(opts.advertiseIp);
    if (!on) throw new TypeError(`--advertise-ip ${opts.advertiseIp} is not an address of this machine`);
    if (opts.interface !== undefined && on !== opts.interface)
      throw new TypeError(`--advertise-ip ${opts.advertiseIp} belongs to ${on}, not to --interface ${opts.interface}`);
    const first = firstIpv4(interfaces[on]);
    if (isIP(opts.advertiseIp) === 4 && first !== opts.advertiseIp)
      throw new TypeError(
        `--advertise-ip ${opts.advertiseIp} is a secondary address of ${on}; the responder announces one IPv4 address per interface, its first (${first})`,
      );
    plan.restrictedAddresses = [opts.advertiseIp];
    // ciao's server must listen where the address lives, or it never answers for it.
    plan.responder.interface = on;
  } else if (isLoopback(opts.listenHost)) {
    warnings.push(
      `the gateway listens on ${opts.listenHost} only: other machines will find it over mDNS but cannot connect; use --host 0.0.0.0`,
    );
  } else if (!WILDCARD.has(opts.listenHost) && isIP(opts.listenHost)) {
    // Bound to one address: announcing the others would send clients where nothing listens.
    const on = owner(opts.listenHost);
    if (on && isIP(opts.listenHost) === 4 && firstIpv4(interfaces[on]) !== opts.listenHost) {
      warnings.push(
        `the gateway listens on ${opts.listenHost}, a secondary address of ${on}; mDNS announces ${on}'s first address, where it does not listen: use --host 0.0.0.0`,
      );
    } else if (on) {
      plan.restrictedAddresses = [opts.listenHost];
      plan.responder.interface ??= on;
    }
  }
  if (opts.advertiseIp !== undefined && isIP(opts.advertiseIp) === 6) plan.responder.advertiseIpv6 = true;
  return plan;
}

export class MdnsAdvertiser implements Advertiser {
  readonly #opts: AdvertiseOptions;
  readonly #logger: Logger;
  #responder?: Responder;
  #service?: CiaoService;
  #stopped?: Promise<void>;

  constructor(opts: AdvertiseOptions, logger: Logger) {
    this.#opts = opts;
    this.#logger = logger;
  }

  async start(info: ServiceInfo): Promise<void> {
    if (this.#responder) throw new Error("the mDNS advertiser is already started");
    const plan = planAdvertisement(this.#opts);
    applyCiaoFixes();
    for (const w of plan.warnings) this.#logger.warn(w);
    this.#responder = ciao.getResponder(plan.responder);
    this.#service = this.#responder.createService({
      name: info.name,
      type: SERVICE_NAME,
      port: info.port,
      txt: info.txt,
      restrictedAddresses: plan.restrictedAddresses,
    });
    let current = info.name;
    this.#service.on("name-change", (name) => {
      this.#logger.warn(
        { instance: name },
        `another device already advertises "${current}" on this network; this gateway is now "${name}": clients that browse find it there, update any client set to the old name`,
      );
      current = name;
    });
    await this.#service.advertise();
    this.#logger.info(
      { type: `${GATEWAY_SERVICE_TYPE}.`, instance: current, port: info.port, only: plan.restrictedAddresses },
      "advertising over mDNS",
    );
  }

  /** Sends goodbyes (TTL 0) so clients drop the gateway at once, then closes the sockets. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      await this.#service?.destroy();
      await this.#responder?.shutdown();
    })();
    return this.#stopped;
  }
}
