// fetch() that trusts a private CA beside the public roots: Node's built-in fetch takes no CA
// option (only undici's Agent, which Node does not export), so the cloud link's few calls go
// through node:https with one keep-alive agent. Enough of fetch for them: method, headers, a
// string body, an abort signal; a redirect with `redirect: "error"` fails as fetch's does.
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import tls from "node:tls";

export function fetchWithCa(caPem: string): typeof fetch {
  const agent = new https.Agent({ ca: [...tls.rootCertificates, caPem], keepAlive: true });
  const caFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : input);
      const secure = url.protocol === "https:";
      const req = (secure ? https : http).request(
        url,
        {
          method: init.method ?? "GET",
          headers: init.headers as Record<string, string> | undefined,
          agent: secure ? agent : undefined,
          signal: init.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.once("error", reject);
          res.once("end", () => {
            const status = res.statusCode ?? 502;
            if (status >= 300 && status < 400 && init.redirect === "error") {
              return reject(new TypeError(`fetch failed: redirect to ${res.headers.location} refused`));
            }
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) headers.set(k, [v].flat().join(", "));
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers }));
          });
        },
      );
      req.once("error", reject);
      req.end(init.body === undefined || init.body === null ? undefined : String(init.body));
    });
  return caFetch as typeof fetch;
}

/** The built-in fetch, or one that also trusts the CA in `caFile` (`flag` names the option in errors). */
export function fetchTrusting(caFile: string | undefined, flag: string): typeof fetch {
  if (caFile === undefined) return globalThis.fetch;
  let pem: string;
  try {
    pem = readFileSync(caFile, "utf8");
  } catch (e) {
    throw new TypeError(
      `${flag} ${caFile} cannot be read (${(e as NodeJS.ErrnoException).code}): give the PEM file of the CA that signed the server's certificate`,
    );
  }
  return fetchWithCa(pem);
}
