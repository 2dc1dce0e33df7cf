// Two fixes to @homebridge/ciao 1.3.12 on Linux, applied once before the responder starts. Each
// is covered by test/discovery/mdns.test.ts; delete a fix once ciao does the same itself.
//
// 1. Interface names: ciao lists interfaces with `ip -o link show` and keeps the `@peer` suffix
//    that veth (containers, namespaces) and VLAN interfaces carry ("eth0@if7", "eth0.10@eth0").
//    Those names are not in os.networkInterfaces(), so ciao advertised nothing on them.
// 2. Answers on the wrong network: a Linux socket that joined 224.0.0.251 on one interface also
//    receives the group's packets from every other interface, so on a multi-homed box ciao
//    answered a query from network A with the address of network B. RFC 6762 §15 says a
//    response carries only addresses valid on the interface the query came in on: a packet whose
//    sender is on the subnet of another of our interfaces (and not this one's) arrived there, and
//    is left to that interface's socket.
import mdnsServerModule from "@homebridge/ciao/lib/MDNSServer.js";
import networkManagerModule from "@homebridge/ciao/lib/NetworkManager.js";

/** The part of ciao's NetworkInterface this needs. */
export interface InterfaceSubnet {
  loopback: boolean;
  ip4Netmask?: string;
  ipv4Netaddress?: string;
}

const toInt = (ip: string) => ip.split(".").reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
const netaddress = (ip: string, mask: string) => (toInt(ip) & toInt(mask)) >>> 0;

/** True when an IPv4 sender sits on another interface's subnet and not on `name`'s. */
export function arrivedOnAnotherInterface(
  sender: string,
  name: string,
  interfaces: ReadonlyMap<string, InterfaceSubnet>,
): boolean {
  const on = (i: InterfaceSubnet | undefined) =>
    i?.ip4Netmask !== undefined &&
    i.ipv4Netaddress !== undefined &&
    netaddress(sender, i.ip4Netmask) === toInt(i.ipv4Netaddress);
  if (on(interfaces.get(name))) return false;
  for (const [other, i] of interfaces) if (other !== name && !i.loopback && on(i)) return true;
  return false;
}

type HandleMessage = (name: string, buffer: Buffer, rinfo: { address: string }, family: string) => void;
type Patchable = Record<string, unknown>;
let applied = false;

/** Idempotent; a no-op for a part of ciao whose internals moved (the mDNS tests then fail). */
export function applyCiaoFixes(): void {
  if (applied) return;
  applied = true;

  const NetworkManager = (networkManagerModule as unknown as { NetworkManager: Patchable }).NetworkManager;
  const listNames = NetworkManager.getLinuxNetworkInterfaces as (() => Promise<string[]>) | undefined;
  if (typeof listNames === "function") {
    NetworkManager.getLinuxNetworkInterfaces = async () => {
      const names = await listNames.call(NetworkManager);
      return [...new Set(names.map((n) => n.replace(/@.*$/, "")))];
    };
  }

  const proto = (mdnsServerModule as unknown as { MDNSServer: { prototype: Patchable } }).MDNSServer.prototype;
  const handleMessage = proto.handleMessage as HandleMessage | undefined;
  if (typeof handleMessage === "function") {
    proto.handleMessage = function (this: Patchable, name, buffer, rinfo, family) {
      const manager = this.networkManager as { getInterfaceMap(): ReadonlyMap<string, InterfaceSubnet> } | undefined;
      if (family === "IPv4" && manager && arrivedOnAnotherInterface(rinfo.address, name, manager.getInterfaceMap()))
        return;
      return handleMessage.call(this, name, buffer, rinfo, family);
    } satisfies HandleMessage;
  }
}
