// A lean keep-alive HTTP client for latency samples: node:http with one shared agent, so the
// client's own cost is small and the same for opentt and its baselines.
import http from "node:http";

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

export interface Reply {
  status: number;
  text: string;
  headers: http.IncomingHttpHeaders;
}

export function request(
  port: number,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<Reply> {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), headers: res.headers }),
      );
      res.on("error", reject);
    });
    req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Like request(), but throws unless the status is 2xx; returns the parsed JSON body. */
export async function json(
  port: number,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<Record<string, unknown>> {
  const r = await request(port, method, path, opts);
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path} → ${r.status}: ${r.text.slice(0, 200)}`);
  return JSON.parse(r.text) as Record<string, unknown>;
}
