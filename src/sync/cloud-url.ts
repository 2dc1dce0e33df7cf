// Which cloud addresses the gateway may talk to in plain HTTP: this machine only, unless the
// operator says otherwise. The upload token and every order cross the network in each batch.
import { isIP } from "node:net";
import { fetchTrusting } from "../http-kit/ca-fetch.js";

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  // WHATWG URLs write an IPv4-mapped address in hex: [::ffff:7f00:1] is 127.0.0.1.
  return h === "::1" || /^::ffff:7f[0-9a-f]{2}:/.test(h);
}

/** Why this cloud URL is refused, or undefined when it may be used. */
export function plainHttpRefusal(cloudUrl: string, allowHttp: boolean): string | undefined {
  const u = new URL(cloudUrl);
  if (u.protocol !== "http:" || allowHttp || isLoopback(u.hostname)) return undefined;
  return (
    `Refusing plain HTTP to ${u.host}, which is not this machine: the upload token and the orders ` +
    "would cross the network unencrypted. Use the cloud's https:// address, or start the gateway with " +
    "--cloud-allow-http (OPENTT_CLOUD_ALLOW_HTTP=1) on a network you trust"
  );
}

/** What the gateway's cloud link is built with: its fetch (trusting --cloud-ca) and --cloud-allow-http. */
export function cloudLinkOptions(o: { caFile?: string; allowHttp: boolean }): {
  fetch: typeof fetch;
  allowHttp: boolean;
} {
  return { fetch: fetchTrusting(o.caFile, "--cloud-ca"), allowHttp: o.allowHttp };
}
