// The doctor's cloud, clock, data folder and token-file checks (issue 20.5), without a network
// namespace: a TLS server on loopback with certificates made by openssl for the test.
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkCloud } from "../../src/ops/doctor/cloud.js";
import { checkClock, checkDataFolder, checkTokenFile } from "../../src/ops/doctor/system.js";
import { openDatabase } from "../../src/store/sqlite-store.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
});
const tempDir = tempDirs("opentt-doctor-");

/** A self-signed certificate for localhost, valid for `days`. */
function certificate(days: number): { key: string; cert: string } {
  const d = tempDir();
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      `${d}/k.pem`,
      "-out",
      `${d}/c.pem`,
      "-days",
      String(days),
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost",
    ],
    { stdio: "ignore" },
  );
  return { key: readFileSync(`${d}/k.pem`, "utf8"), cert: readFileSync(`${d}/c.pem`, "utf8") };
}

async function cloudServer(tls: { key: string; cert: string }): Promise<string> {
  const server = createServer(tls, (_req, res) => res.end("{}"));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `https://localhost:${(server.address() as AddressInfo).port}`;
}

describe("doctor: cloud", () => {
  it("passes a reachable cloud with a valid certificate, and measures the clock against it", async () => {
    const tls = certificate(90);
    const url = await cloudServer(tls);
    const { results, skewMs } = await checkCloud(url, Date.now(), 5_000, tls.cert);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ["cloud-cert", "pass"],
      ["cloud", "pass"],
    ]);
    expect(results[0]?.detail).toMatch(/valid for (89|90) more days/);
    expect(Math.abs(skewMs ?? Number.NaN)).toBeLessThan(120_000);
    // The same cloud, seen by a box whose clock runs an hour late.
    const late = await checkCloud(url, Date.now() - 3_600_000, 5_000, tls.cert);
    expect(checkClock(Date.now() - 3_600_000, undefined, late.skewMs)).toMatchObject({
      status: "fail",
      fix: expect.stringMatching(/timedatectl set-ntp true/),
    });
  });

  it("fails a certificate nobody vouches for, and warns of one about to expire", async () => {
    const url = await cloudServer(certificate(90));
    const bad = await checkCloud(url, Date.now(), 5_000);
    expect(bad.results).toEqual([
      expect.objectContaining({
        id: "cloud-cert",
        status: "fail",
        fix: expect.stringMatching(/check the box's clock first/),
      }),
    ]);
    const soon = certificate(5);
    const expiring = await checkCloud(await cloudServer(soon), Date.now(), 5_000, soon.cert);
    expect(expiring.results[0]).toMatchObject({ id: "cloud-cert", status: "warn" });
  });

  it("fails a cloud that does not answer, and passes no cloud at all", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const down = await checkCloud(`https://localhost:${port}`, Date.now(), 5_000);
    expect(down.results).toEqual([
      expect.objectContaining({ id: "cloud", status: "fail", fix: expect.stringMatching(/internet connection/) }),
    ]);
    expect((await checkCloud(undefined, Date.now(), 5_000)).results[0]).toMatchObject({ id: "cloud", status: "pass" });
  });
});

describe("doctor: the box", () => {
  it("fails a clock that was never set or is behind the stored orders", () => {
    expect(checkClock(Date.UTC(1970, 0, 1), undefined).status).toBe("fail");
    const dir = tempDir();
    const db = openDatabase({ dataDir: dir });
    db.prepare(
      "INSERT INTO orders (uuid, name, order_type, state, created, state_changed) VALUES ('u', '1', 'TO_GO', 'cleared', ?, ?)",
    ).run(Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 1));
    db.close();
    const file = path.join(dir, "opentt.db");
    expect(checkClock(Date.UTC(2026, 5, 1), file)).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/behind the newest order/),
    });
    expect(checkClock(Date.UTC(2026, 11, 2), file).status).toBe("pass");
  });

  it("fails a data folder without space or write access, with what to do", () => {
    const dir = tempDir();
    expect(checkDataFolder(dir).map((r) => r.status)).toEqual(["pass", "pass"]);
    expect(checkDataFolder(dir, Number.MAX_SAFE_INTEGER)[1]).toMatchObject({ id: "data-space", status: "fail" });
    const file = path.join(dir, "not-a-folder");
    writeFileSync(file, "");
    expect(checkDataFolder(path.join(file, "data"))[0]).toMatchObject({
      id: "data-writable",
      status: "fail",
      fix: expect.stringMatching(/chown/),
    });
  });

  it("fails a saved-token file other users can read", () => {
    const file = path.join(tempDir(), "tokens.json");
    const env = { OPENTT_TOKEN_FILE: file };
    expect(checkTokenFile(env).status).toBe("pass");
    writeFileSync(file, "{}", { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(checkTokenFile(env)).toMatchObject({
      status: "fail",
      fix: `chmod 600 ${file}: anyone who reads it can use the gateway's API`,
    });
    chmodSync(file, 0o600);
    expect(checkTokenFile(env).status).toBe("pass");
  });
});
