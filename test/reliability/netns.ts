// A private two-namespace network for tests that need a real non-loopback caller: namespace
// "gw" (10.213.0.1) and namespace "cl" (10.213.0.2) joined by a veth pair created directly inside
// them. Nothing is added to, or changed on, the machine's own interfaces. Needs root and iproute2;
// without them the test fails and says so.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export const GW_ADDR = "10.213.0.1";
export const CLIENT_ADDR = "10.213.0.2";

export interface NetRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
}

export interface NetReply {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

export interface TestNetwork {
  gw: string;
  cl: string;
  /** Runs the requests in order with `fetch` from inside namespace ns (one process for all). */
  fetchFrom(ns: string, requests: NetRequest[]): Promise<NetReply[]>;
  destroy(): Promise<void>;
}

async function ip(...args: string[]): Promise<void> {
  await run("ip", args);
}

export async function createTestNetwork(): Promise<TestNetwork> {
  const tag = `${process.pid % 100000}`;
  const gw = `opentt-gw-${tag}`;
  const cl = `opentt-cl-${tag}`;
  try {
    await ip("netns", "add", gw);
    await ip("netns", "add", cl);
  } catch (e) {
    await ip("netns", "del", gw).catch(() => {});
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(
      `this test needs network namespaces (root and iproute2's "ip netns") to call from a non-loopback address: ${why}`,
    );
  }
  const net: TestNetwork = {
    gw,
    cl,
    fetchFrom: async (ns, requests) => {
      const script = `
        (async () => {
          const out = [];
          for (const r of JSON.parse(process.env.REQUESTS)) {
            const res = await fetch(r.url, { method: r.method, headers: r.headers });
            out.push({ status: res.status, text: await res.text() });
          }
          process.stdout.write(JSON.stringify(out));
        })().catch((e) => { process.stderr.write(String((e && e.cause) || e)); process.exit(2); });`;
      const { stdout } = await run("ip", ["netns", "exec", ns, process.execPath, "-e", script], {
        env: { ...process.env, REQUESTS: JSON.stringify(requests) },
        timeout: 30_000,
      });
      return (JSON.parse(stdout) as Array<{ status: number; text: string }>).map(({ status, text }) => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {}
        return { status, body, text };
      });
    },
    destroy: async () => {
      // Deleting a namespace deletes the veth end inside it, and with it the pair.
      await ip("netns", "del", gw).catch(() => {});
      await ip("netns", "del", cl).catch(() => {});
    },
  };
  try {
    const vg = `ottg${tag}`;
    const vc = `ottc${tag}`;
    await ip("-n", gw, "link", "add", vg, "type", "veth", "peer", "name", vc, "netns", cl);
    await ip("-n", gw, "addr", "add", `${GW_ADDR}/24`, "dev", vg);
    await ip("-n", cl, "addr", "add", `${CLIENT_ADDR}/24`, "dev", vc);
    for (const [ns, dev] of [
      [gw, vg],
      [cl, vc],
    ] as const) {
      await ip("-n", ns, "link", "set", dev, "up");
      await ip("-n", ns, "link", "set", "lo", "up");
    }
  } catch (e) {
    await net.destroy();
    throw e;
  }
  return net;
}
