// The network side of the doctor: the port (free, or serving on every interface) and mDNS on
// every interface, with whether other devices' multicast gets through at all.
import { networkInterfaces } from "node:os";
import makeMdns from "multicast-dns";
import { GATEWAY_SERVICE_TYPE } from "../../sdk/discovery.js";
import { probePort } from "../port-probe.js";
import { type CheckResult, fail, pass, warn } from "./check.js";

export interface Interface {
  name: string;
  address: string;
  netmask: string;
  internal: boolean;
}

/** IPv4 addresses of this box, loopback included. */
export function ipv4Interfaces(): Interface[] {
  const out: Interface[] = [];
  for (const [name, infos] of Object.entries(networkInterfaces())) {
    for (const i of infos ?? []) {
      if (i.family === "IPv4") out.push({ name, address: i.address, netmask: i.netmask, internal: i.internal });
    }
  }
  return out;
}

/** No gateway runs: the port must be free for it. */
export function checkPortFree(port: number): Promise<CheckResult> {
  return probePort("0.0.0.0", port).then(
    () => pass("port", `port ${port} is free for the gateway`),
    (e: NodeJS.ErrnoException) =>
      fail(
        "port",
        `port ${port} is taken by another program (${e.code})`,
        `see which with \`sudo ss -ltnp 'sport = :${port}'\` and stop it, or run the gateway with --port <another>`,
      ),
  );
}

/** The running gateway answers its API info on addr:port. */
export async function checkReachable(
  i: Interface,
  port: number,
  host: string,
  timeoutMs: number,
): Promise<CheckResult> {
  const id = `reachable:${i.name}`;
  const url = `http://${i.address}:${port}/api/v2`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json()) as { returnCode?: number };
    if (body.returnCode === 1) return pass(id, `the gateway answers at ${url}`);
    return fail(
      id,
      `${url} answers, but not as an opentt gateway (HTTP ${res.status})`,
      "another program has the port",
    );
  } catch (e) {
    const bound = host !== "0.0.0.0" && host !== "::";
    return fail(
      id,
      `no answer at ${url} (${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name})`,
      bound
        ? `the gateway listens on ${host} only: start it with --host 0.0.0.0 to serve every interface`
        : `allow TCP ${port} in the box's firewall (e.g. \`sudo ufw allow ${port}/tcp\`)`,
    );
  }
}

const toInt = (ip: string) => ip.split(".").reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
const sameSubnet = (a: string, i: Interface) => ((toInt(a) ^ toInt(i.address)) & toInt(i.netmask)) === 0;

interface Heard {
  from: string;
  ours: boolean;
}

/**
 * Asks on every interface, for `timeoutMs`, who offers the gateway's service type and who offers
 * anything at all (`_services._dns-sd._udp`): the gateway must answer on each interface, and an
 * answer from another device shows multicast crosses that network.
 */
export async function checkMdns(interfaces: Interface[], port: number, timeoutMs: number): Promise<CheckResult[]> {
  const lan = interfaces.filter((i) => !i.internal);
  if (lan.length === 0) {
    return [fail("mdns", "this box has no network interface but loopback", "connect it to the restaurant's network")];
  }
  const local = new Set(interfaces.map((i) => i.address));
  const heard: Heard[] = [];
  // Bound to the wildcard address: a socket bound to the interface's own address never receives
  // multicast. Answers are told apart by where they come from, not by the socket.
  const sockets = lan.map((i) => makeMdns({ interface: i.address, bind: "0.0.0.0", reuseAddr: true, loopback: true }));
  const questions = [
    { name: GATEWAY_SERVICE_TYPE, type: "PTR" as const },
    { name: "_services._dns-sd._udp.local", type: "PTR" as const },
  ];
  for (const m of sockets) {
    m.on("error", () => {});
    m.on("response", (packet, rinfo) => {
      const records = [...packet.answers, ...(packet.additionals ?? [])];
      const ours = records.some((r) => r.type === "SRV" && (r.data as { port: number }).port === port);
      heard.push({ from: rinfo.address, ours });
    });
  }
  const ask = () => {
    for (const m of sockets) m.query({ questions }, () => {});
  };
  ask();
  // A second question a moment later: one lost datagram must not fail the check.
  const again = setTimeout(ask, Math.floor(timeoutMs / 3));
  await new Promise((r) => setTimeout(r, timeoutMs));
  clearTimeout(again);
  await Promise.all(sockets.map((m) => new Promise<void>((r) => m.destroy(() => r()))));

  const out: CheckResult[] = [];
  for (const i of lan) {
    const answered = heard.some((h) => h.ours && h.from === i.address);
    out.push(
      answered
        ? pass(`mdns:${i.name}`, `the gateway answers mDNS on ${i.name} (${i.address})`)
        : fail(
            `mdns:${i.name}`,
            `no mDNS answer from the gateway on ${i.name} (${i.address})`,
            "start the gateway without --no-mdns (with --interface/--advertise-ip matching this interface) and allow UDP 5353 in the box's firewall; clients can always use http://<address>:<port>/",
          ),
    );
    const others = new Set(heard.filter((h) => !local.has(h.from) && sameSubnet(h.from, i)).map((h) => h.from));
    out.push(
      others.size > 0
        ? pass(`multicast:${i.name}`, `multicast crosses ${i.name}: ${others.size} other device(s) answered`)
        : warn(
            `multicast:${i.name}`,
            `no other device answered multicast queries on ${i.name}`,
            "if POS/KDS devices cannot discover the gateway, the network drops multicast (guest Wi-Fi isolation, IGMP snooping without a querier, VLANs): allow mDNS (UDP 5353 to 224.0.0.251) or configure clients with the gateway's address",
          ),
    );
  }
  return out;
}
