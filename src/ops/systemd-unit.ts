// The systemd unit `opentt install-service` writes: the gateway as its own unprivileged user,
// its data under /var/lib/opentt, restarted on failure, with bin/opentt.js's Node flags, and
// fenced in: read-only system, no new privileges, only its data folder writable.
import { BIN_FILE, nodeFlagsOf } from "./node-flags.js";

export interface UnitOptions {
  /** Absolute path of the node binary. */
  node: string;
  /** Absolute path of bin/opentt.js. */
  bin?: string;
  user: string;
  dataDir: string;
  port: number;
  /** Extra `opentt gateway` flags (e.g. --radio …, --backup-dir …). */
  gatewayArgs?: string[];
}

/** systemd splits ExecStart on spaces: quote what contains one. */
const arg = (s: string) => (/[\s"\\]/.test(s) ? `"${s.replace(/["\\]/g, "\\$&")}"` : s);

export function systemdUnit(o: UnitOptions): string {
  const bin = o.bin ?? BIN_FILE;
  const exec = [o.node, ...nodeFlagsOf(bin), bin, "gateway", "--data", o.dataDir, "--port", String(o.port)];
  exec.push(...(o.gatewayArgs ?? []));
  const lowPort = o.port < 1024;
  // A backup folder elsewhere must be writable too.
  const writable = [o.dataDir];
  const backupAt = exec.indexOf("--backup-dir");
  if (backupAt > 0 && exec[backupAt + 1]) writable.push(exec[backupAt + 1] as string);
  return `# opentt gateway, written by \`opentt install-service\` (docs/deploy.md).
[Unit]
Description=opentt Table Tracker gateway
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=${o.user}
Group=${o.user}
# The radio is a USB serial device: the dialout group may open it.
SupplementaryGroups=dialout
ExecStart=${exec.map(arg).join(" ")}
WorkingDirectory=${o.dataDir}
Environment=NODE_ENV=production
Restart=on-failure
RestartSec=5
# SIGTERM lets the gateway finish requests in flight and close the database cleanly.
KillSignal=SIGTERM
TimeoutStopSec=30
UMask=0077

# Hardening: nothing on the system is writable but the data folder (and the --backup-dir).
NoNewPrivileges=true
ProtectSystem=strict
ReadWritePaths=${writable.map(arg).join(" ")}
ProtectHome=true
PrivateTmp=true
ProtectKernelTunables=true
ProtectKernelModules=true
ProtectKernelLogs=true
ProtectControlGroups=true
ProtectClock=true
ProtectHostname=true
RestrictNamespaces=true
RestrictRealtime=true
RestrictSUIDSGID=true
LockPersonality=true
SystemCallArchitectures=native
# AF_NETLINK lists the network interfaces (mDNS announces on each).
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK
CapabilityBoundingSet=${lowPort ? "CAP_NET_BIND_SERVICE" : ""}
${lowPort ? "AmbientCapabilities=CAP_NET_BIND_SERVICE\n" : ""}
[Install]
WantedBy=multi-user.target
`;
}
