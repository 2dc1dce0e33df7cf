// A real Debian mosquitto for a test: its own config in a temporary folder, a free loopback
// port, persistence on (so a restart keeps sessions and retained messages), optional
// passwords and TLS. Never a system service; always stop() it.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const MOSQUITTO = "/usr/sbin/mosquitto";

export interface Mosquitto {
  port: number;
  dir: string;
  url(base?: string): string;
  /** The broker's process id while it runs (the benchmark pins it to a core). */
  pid(): number | undefined;
  /** Stops the broker (SIGTERM: it saves its database); the folder stays for start(). */
  halt(): Promise<void>;
  /** Starts it again on the same port with the same database. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface MosquittoOptions {
  users?: Record<string, string>;
  tls?: { cert: string; key: string };
}

/** SIGTERM to a child this test started, and its exit awaited. */
export async function terminate(c: ChildProcess | undefined): Promise<void> {
  if (!c || c.exitCode !== null) return;
  const exited = new Promise<void>((r) => c.once("exit", () => r()));
  c.kill("SIGTERM");
  await exited;
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });
}

export async function startMosquitto(opts: MosquittoOptions = {}): Promise<Mosquitto> {
  const dir = mkdtempSync(path.join(tmpdir(), "opentt-mosquitto-"));
  const port = await freePort();
  const lines = [
    `listener ${port} 127.0.0.1`,
    "persistence true",
    `persistence_location ${dir}/`,
    // Started as root (CI), mosquitto would switch to its own user and could not write here.
    "user root",
    "log_dest none",
    // mosquitto keeps at most 1,000 QoS 1 messages queued per client and drops the rest: a
    // floor of 500 trackers bursting outruns that (bench:mqtt lost events at its default).
    // Sites need the same line: docs/radio.md.
    "max_queued_messages 100000",
  ];
  if (opts.users) {
    const file = path.join(dir, "passwords");
    writeFileSync(file, "");
    for (const [u, p] of Object.entries(opts.users)) execFileSync("mosquitto_passwd", ["-b", file, u, p]);
    lines.push("allow_anonymous false", `password_file ${file}`);
  } else {
    lines.push("allow_anonymous true");
  }
  if (opts.tls) lines.push(`certfile ${opts.tls.cert}`, `keyfile ${opts.tls.key}`);
  const conf = path.join(dir, "mosquitto.conf");
  writeFileSync(conf, `${lines.join("\n")}\n`);

  let child: ChildProcess | undefined;
  const start = async () => {
    const c = spawn(MOSQUITTO, ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    c.stderr?.on("data", (d) => {
      stderr += d;
    });
    child = c;
    const deadline = Date.now() + 10_000;
    while (!(await reachable(port))) {
      if (c.exitCode !== null) throw new Error(`mosquitto exited ${c.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const halt = async () => {
    const c = child;
    child = undefined;
    await terminate(c);
  };
  await start();
  return {
    port,
    dir,
    url: (base = "opentt") =>
      `${opts.tls ? "mqtts" : "mqtt"}://${opts.tls ? "localhost" : "127.0.0.1"}:${port}/${base}`,
    pid: () => child?.pid,
    halt,
    start,
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A CA and a server certificate for localhost/127.0.0.1 signed by it, made with openssl. */
export function makeTestCa(): { dir: string; ca: string; cert: string; key: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "opentt-ca-"));
  const f = (n: string) => path.join(dir, n);
  const run = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  run(
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=opentt test CA"],
    ...["-keyout", f("ca.key"), "-out", f("ca.pem")],
  );
  run(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=localhost",
    "-keyout",
    f("server.key"),
    "-out",
    f("server.csr"),
  );
  writeFileSync(f("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  run(
    ...["x509", "-req", "-in", f("server.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-CAcreateserial"],
    ...["-days", "2", "-extfile", f("san.ext"), "-out", f("server.pem")],
  );
  return { dir, ca: f("ca.pem"), cert: f("server.pem"), key: f("server.key") };
}
