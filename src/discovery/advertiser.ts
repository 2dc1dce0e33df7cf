// Discovery behind one interface (STYLE §8): the gateway hands its port to an advertiser only
// after it listens. Implementations: none (tests, --no-mdns) and the mDNS responder.

export interface ServiceInfo {
  /** Instance name, `Table Tracker <serial>` (spec §0). */
  name: string;
  port: number;
  txt: Record<string, string>;
}

export interface Advertiser {
  start(service: ServiceInfo): Promise<void>;
  /** Sends goodbyes and stops; idempotent. */
  stop(): Promise<void>;
}

export const noAdvertiser: Advertiser = {
  start: async () => {},
  stop: async () => {},
};
