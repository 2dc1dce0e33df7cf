// A real PostgreSQL primary and, on demand, a hot standby streaming from it (made with
// pg_basebackup -R), both on loopback in a temporary folder, run as the postgres user (the
// server refuses to run as root). For the replica, failover and pgbouncer tests; needs
// Debian's postgresql. Each server is a child of pg_ctl; stop() removes everything.
import { execFileSync, spawnSync } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN_ROOT = "/usr/lib/postgresql";

export function pgBin(): string | undefined {
  if (!existsSync(BIN_ROOT)) return undefined;
  const v = readdirSync(BIN_ROOT)
    .filter((d) => existsSync(join(BIN_ROOT, d, "bin", "pg_basebackup")))
    .sort((a, b) => Number(a) - Number(b))
    .pop();
  return v ? join(BIN_ROOT, v, "bin") : undefined;
}

const asRoot = process.getuid?.() === 0;

function pgUid(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("no postgres user: apt-get install postgresql");
  const f = line.split(":");
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

/** Runs a PostgreSQL tool as the postgres user when we are root, else as ourselves. */
function run(bin: string, tool: string, args: string[]): string {
  const cmd = join(bin, tool);
  const r = asRoot
    ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" })
    : spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** A free loopback port: bind 0, read it, close (the server binds it right after). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export class PgServer {
  constructor(
    private readonly bin: string,
    readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlFor(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  start(): void {
    const opts = [
      `-k ${this.dir}/..`,
      "-c listen_addresses=127.0.0.1",
      `-p ${this.port}`,
      "-c fsync=off",
      "-c full_page_writes=off",
      "-c max_connections=100",
      "-c shared_buffers=16MB",
      "-c wal_level=replica",
      "-c max_wal_senders=5",
      "-c hot_standby=on",
      "-c wal_keep_size=64MB",
    ].join(" ");
    run(this.bin, "pg_ctl", ["-D", this.dir, "-w", "-t", "120", "-l", `${this.dir}.log`, "-o", opts, "start"]);
  }

  stop(): void {
    if (!existsSync(join(this.dir, "postmaster.pid"))) return;
    run(this.bin, "pg_ctl", ["-D", this.dir, "-m", "fast", "-w", "-t", "120", "stop"]);
  }

  /** SIGKILL the postmaster: a crash, not a shutdown. Returns once its backends have exited too. */
  kill(): void {
    const pid = Number(readFileSync(join(this.dir, "postmaster.pid"), "utf8").split("\n")[0]);
    const children = (spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).stdout ?? "")
      .split("\n")
      .filter(Boolean)
      .map(Number);
    process.kill(pid, "SIGKILL");
    // Orphaned backends notice the postmaster is gone and exit; a restart must wait for them
    // (they still hold the shared memory and the data folder).
    const alive = (p: number) => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 600 && [pid, ...children].some(alive); i++) execFileSync("sleep", ["0.05"]);
  }

  promote(): void {
    run(this.bin, "pg_ctl", ["-D", this.dir, "-w", "-t", "120", "promote"]);
  }
}

export class PgCluster {
  readonly root: string;
  bouncer?: PgBouncer;
  readonly primary: PgServer;
  standby?: PgServer;

  private constructor(
    private readonly bin: string,
    root: string,
    primaryPort: number,
  ) {
    this.root = root;
    this.primary = new PgServer(bin, join(root, "primary"), primaryPort);
  }

  /** initdb + start a primary ready to stream WAL to standbys. */
  static async start(): Promise<PgCluster> {
    const bin = pgBin();
    if (!bin) throw new Error("postgresql is not installed (apt-get install postgresql)");
    const root = mkdtempSync(join(tmpdir(), "opentt-pgc-"));
    if (asRoot) {
      const { uid, gid } = pgUid();
      chownSync(root, uid, gid);
    }
    const c = new PgCluster(bin, root, await freePort());
    // initdb's default pg_hba trusts loopback, replication connections included.
    run(bin, "initdb", ["-D", c.primary.dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    c.primary.start();
    return c;
  }

  /** A hot standby streaming from the primary: pg_basebackup -R writes standby.signal and primary_conninfo. */
  async addStandby(): Promise<PgServer> {
    const s = new PgServer(this.bin, join(this.root, "standby"), await freePort());
    run(this.bin, "pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(this.primary.port),
      "-U",
      "postgres",
      "-D",
      s.dir,
      "-R",
      "-X",
      "stream",
      "--no-sync",
    ]);
    s.start();
    this.standby = s;
    return s;
  }

  /** pgbouncer (transaction pooling) in front of the primary. */
  async addBouncer(poolSize?: number): Promise<PgBouncer> {
    this.bouncer = await PgBouncer.start(this.primary, this.root, poolSize);
    return this.bouncer;
  }

  stop(): void {
    this.bouncer?.stop();
    for (const s of [this.standby, this.primary]) {
      try {
        s?.stop();
      } catch {
        // already gone
      }
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * Debian's pgbouncer in front of a server, in transaction pooling mode: a server connection
 * belongs to a client only for one transaction, so session state and named prepared
 * statements would break. Runs as the postgres user (pgbouncer refuses root), daemonized.
 */
export class PgBouncer {
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static readonly binary = "/usr/sbin/pgbouncer";

  static async start(server: PgServer, root: string, poolSize = 4): Promise<PgBouncer> {
    const b = new PgBouncer(join(root, "pgbouncer"), await freePort());
    mkdirSync(b.dir);
    // trust still wants the user listed.
    writeFileSync(join(b.dir, "users.txt"), `"postgres" ""\n`);
    writeFileSync(
      join(b.dir, "pgbouncer.ini"),
      [
        "[databases]",
        `* = host=127.0.0.1 port=${server.port}`,
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        `listen_port = ${b.port}`,
        "unix_socket_dir =",
        "auth_type = trust",
        `auth_file = ${b.dir}/users.txt`,
        "admin_users = postgres",
        "pool_mode = transaction",
        `default_pool_size = ${poolSize}`,
        "max_client_conn = 200",
        `logfile = ${b.dir}/pgbouncer.log`,
        `pidfile = ${b.dir}/pgbouncer.pid`,
        "",
      ].join("\n"),
    );
    if (asRoot) {
      const { uid, gid } = pgUid();
      chownSync(b.dir, uid, gid);
    }
    const args = ["-d", join(b.dir, "pgbouncer.ini")];
    const r = asRoot
      ? spawnSync("runuser", ["-u", "postgres", "--", PgBouncer.binary, ...args], { encoding: "utf8" })
      : spawnSync(PgBouncer.binary, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`pgbouncer failed: ${r.stderr || r.stdout}`);
    return b;
  }

  urlFor(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  stop(): void {
    const pidFile = join(this.dir, "pgbouncer.pid");
    if (!existsSync(pidFile)) return;
    try {
      process.kill(Number(readFileSync(pidFile, "utf8").trim()), "SIGTERM");
    } catch {
      // already gone
    }
  }
}
