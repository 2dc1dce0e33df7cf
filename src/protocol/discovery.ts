// How a gateway is found on the LAN (spec §0): the DNS-SD service type it advertises and the
// instance name it advertises under. The advertiser (src/discovery) and the SDK's querier
// (src/sdk/discovery.ts) both read them here.

/** The service name, as responders such as ciao want it (no underscore, no protocol). */
export const SERVICE_NAME = "tracker-http";
/** The full DNS-SD service type queriers ask for. */
export const GATEWAY_SERVICE_TYPE = `_${SERVICE_NAME}._tcp.local`;

/** The gateway's name and its mDNS instance name, e.g. `Table Tracker 1A2B3C4D5E6F`. */
export function gatewayInstanceName(serial: string): string {
  return `Table Tracker ${serial}`;
}
