// Runs Avahi inside a test namespace: a private D-Bus system bus and an avahi-daemon on the
// namespace's veth only, so avahi-browse can be pointed at the gateway without touching the host's
// own Avahi (if any) or its interfaces.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Lan, LineReader, type Side } from "../helpers/netns.js";

export interface AvahiInstance {
  /** Waits for avahi-browse to resolve a service of this type; returns its `-p` line (`=;iface;IPv4;name;...`). */
  resolve(type: string, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
}

const BUS_CONF = (socket: string) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`;

const AVAHI_CONF = (dev: string) => `[server]
use-ipv4=yes
use-ipv6=no
allow-interfaces=${dev}
enable-dbus=yes
[wide-area]
enable-wide-area=no
[publish]
disable-publishing=yes
`;

export async function startAvahi(lan: Lan, side: Side): Promise<AvahiInstance> {
  const dir = mkdtempSync(path.join(tmpdir(), "opentt-avahi-"));
  const socket = path.join(dir, "bus");
  writeFileSync(path.join(dir, "bus.conf"), BUS_CONF(socket));
  writeFileSync(path.join(dir, "avahi.conf"), AVAHI_CONF(lan.dev[side]));
  const env = `DBUS_SYSTEM_BUS_ADDRESS=unix:path=${socket}`;

  const bus = lan.spawn(side, "dbus-daemon", [`--config-file=${dir}/bus.conf`, "--nofork", "--print-address"]);
  await new LineReader(bus.stdout!).waitFor((l) => String(l).startsWith("unix:"), 10_000, "dbus-daemon address");
  // `ip netns exec` gives each command its own mount namespace: a tmpfs on /run/avahi-daemon keeps
  // this daemon's pid file and socket away from any Avahi the machine runs.
  const daemon = lan.spawn(side, "sh", [
    "-c",
    `mkdir -p /run/avahi-daemon && mount -t tmpfs none /run/avahi-daemon && exec env ${env} avahi-daemon --no-drop-root --no-chroot --no-rlimits --no-proc-title -f ${dir}/avahi.conf`,
  ]);
  await new LineReader(daemon.stderr!).waitFor(
    (l) => String(l).includes("Server startup complete"),
    15_000,
    "avahi-daemon startup",
  );

  return {
    async resolve(type, timeoutMs) {
      const browse = lan.spawn(side, "env", [env, "avahi-browse", "--resolve", "--parsable", "--no-db-lookup", type]);
      try {
        return await new LineReader<string>(browse.stdout!).waitFor(
          (l) => String(l).startsWith("=;"),
          timeoutMs,
          `avahi-browse to resolve ${type}`,
        );
      } finally {
        browse.kill("SIGTERM");
      }
    },
    async stop() {
      daemon.kill("SIGTERM");
      bus.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
