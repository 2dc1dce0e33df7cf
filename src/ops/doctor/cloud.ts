// The cloud link, when the gateway is bound to one: reachable, its certificate valid, and its
// clock (HTTP Date) close to ours.
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import tls from "node:tls";
import Database from "better-sqlite3";
import { type CheckResult, fail, pass, warn } from "./check.js";

const DAY = 86_400_000;
const CERT_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/;

export function boundCloudUrl(dbFile: string): string | undefined {
  if (!fs.existsSync(dbFile)) return undefined;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT cloud_url FROM cloud_binding WHERE id = 1").pluck().get() as string | undefined;
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

/** `ca`: extra trusted certificates (a cloud behind a private CA; tests). */
export async function checkCloud(
  url: string | undefined,
  now: number,
  timeoutMs: number,
  ca?: string,
): Promise<{ results: CheckResult[]; skewMs?: number }> {
  if (!url) return { results: [pass("cloud", "not bound to a cloud (optional)")] };
  const results: CheckResult[] = [];
  const u = new URL(url);
  if (u.protocol === "https:") {
    const cert = await checkCertificate(u, now, timeoutMs, ca);
    results.push(cert);
    if (cert.id === "cloud") return { results };
  } else results.push(warn("cloud-cert", `${url} is plain HTTP`, "bind the gateway to the cloud's https:// address"));
  try {
    const res = await get(u, timeoutMs, ca);
    const date = Date.parse(res.date ?? "");
    results.push(pass("cloud", `${url} answers (HTTP ${res.status})`));
    return { results, skewMs: Number.isNaN(date) ? undefined : now - date };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    if (!CERT_ERRORS.test(code)) {
      results.push(
        fail(
          "cloud",
          `cannot reach ${url} (${code})`,
          "check the box's internet connection, DNS and firewall (outbound HTTPS); orders queue meanwhile and upload when it is back",
        ),
      );
    }
    return { results };
  }
}

function get(u: URL, timeoutMs: number, ca?: string): Promise<{ status?: number; date?: string }> {
  return new Promise((resolve, reject) => {
    const req = (u.protocol === "https:" ? https : http).get(
      u,
      { ca: ca ? [...tls.rootCertificates, ca] : undefined, timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode, date: res.headers.date });
      },
    );
    req.once("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    req.once("error", reject);
  });
}

function checkCertificate(u: URL, now: number, timeoutMs: number, ca?: string): Promise<CheckResult> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: u.hostname,
      port: Number(u.port || 443),
      servername: isIP(u.hostname) ? undefined : u.hostname,
      rejectUnauthorized: true,
      ca: ca ? [...tls.rootCertificates, ca] : undefined,
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error("timed out")));
    socket.once("secureConnect", () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      const days = Math.floor((Date.parse(cert.valid_to) - now) / DAY);
      resolve(
        days < 14
          ? warn(
              "cloud-cert",
              `the cloud's certificate expires in ${days} days`,
              "tell the cloud's operator to renew it",
            )
          : pass("cloud-cert", `the cloud's certificate is valid for ${days} more days`),
      );
    });
    socket.once("error", (e: NodeJS.ErrnoException) => {
      const cert = CERT_ERRORS.test(e.code ?? "");
      resolve(
        fail(
          cert ? "cloud-cert" : "cloud",
          cert
            ? `the cloud's certificate is not valid (${e.code})`
            : `cannot reach ${u.origin} (${e.code ?? e.message})`,
          cert
            ? "check the box's clock first (a wrong date invalidates every certificate); if it is right, the cloud's certificate is wrong: tell its operator"
            : "check the box's internet connection, DNS and firewall (outbound HTTPS); orders queue meanwhile and upload when it is back",
        ),
      );
    });
  });
}
