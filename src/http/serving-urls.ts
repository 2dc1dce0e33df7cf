// The URLs the gateway serves, for its start-up log: a tablet on the LAN needs the box's LAN
// address, not "localhost". Bound to every address, that is each interface's address.
import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const urlOf = (host: string, port: number) => `http://${host.includes(":") ? `[${host}]` : host}:${port}/`;

/**
 * `http://localhost:<port>/` first, then one URL per non-internal interface address: IPv4 when
 * bound to 0.0.0.0; IPv4 and IPv6 when bound to `::` (dual stack). IPv6 link-local addresses are
 * left out: a browser cannot open them without a zone. Bound to one address, only that one.
 */
export function servingUrls(host: string, port: number, interfaces: Interfaces = networkInterfaces()): string[] {
  if (host !== "0.0.0.0" && host !== "::") return [urlOf(host, port)];
  const urls = [urlOf("localhost", port)];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === "IPv6" && (host === "0.0.0.0" || /^fe80:/i.test(a.address))) continue;
      const url = urlOf(a.address, port);
      if (!urls.includes(url)) urls.push(url);
    }
  }
  return urls;
}
