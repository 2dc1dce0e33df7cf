// An account's sites and their health: when each gateway was last heard from, how far behind
// its uploads are, and a one-word verdict the dashboard can colour.
import type { Queryable } from "./db.js";

type SiteHealth = "not-activated" | "ok" | "behind" | "offline";

export interface SiteItem {
  id: number;
  name: string;
  created: string;
  activated: string | null;
  gatewaySerial: string | null;
  zone: string;
  targetTime: number;
  lastSeen: string | null;
  lastUpload: string | null;
  /** Seconds since the gateway was last heard from (uploads and heartbeats). */
  silentSeconds: number | null;
  /** How long the oldest change of the last batch waited on the gateway, in seconds. */
  syncLagSeconds: number | null;
  /** Changes the gateway said it still had queued. */
  pending: number;
  ordersReceived: number;
  deviceCodePending: boolean;
  health: SiteHealth;
}

/** Gateways send at least a heartbeat a minute; silence past this means offline. */
const OFFLINE_AFTER_S = 300;
/** A batch whose oldest change waited longer than this means the site is catching up. */
const BEHIND_AFTER_S = 120;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function healthOf(s: {
  activated: Date | null;
  silent: number | null;
  lag: number | null;
  pending: number;
}): SiteHealth {
  if (s.activated === null) return "not-activated";
  if (s.silent === null || s.silent > OFFLINE_AFTER_S) return "offline";
  if ((s.lag ?? 0) / 1000 > BEHIND_AFTER_S || s.pending > 0) return "behind";
  return "ok";
}

export async function listSites(db: Queryable, accountId: number): Promise<SiteItem[]> {
  const r = await db.query<{
    id: number;
    name: string;
    created: Date;
    activated_at: Date | null;
    gateway_serial: string | null;
    zone: string;
    target_time: number;
    last_seen: Date | null;
    last_upload: Date | null;
    silent: number | null;
    sync_lag_ms: number | null;
    pending: number;
    orders_received: number;
    code_pending: boolean;
  }>(
    `SELECT id, name, created, activated_at, gateway_serial, zone, target_time, last_seen, last_upload,
       extract(epoch FROM now() - last_seen)::float8 AS silent, sync_lag_ms, pending, orders_received,
       (device_code_hash IS NOT NULL AND device_code_expires > now()) AS code_pending
     FROM sites WHERE account_id = $1 ORDER BY id`,
    [accountId],
  );
  return r.rows.map((s) => ({
    id: s.id,
    name: s.name,
    created: s.created.toISOString(),
    activated: iso(s.activated_at),
    gatewaySerial: s.gateway_serial,
    zone: s.zone,
    targetTime: s.target_time,
    lastSeen: iso(s.last_seen),
    lastUpload: iso(s.last_upload),
    silentSeconds: s.silent === null ? null : Math.round(s.silent),
    syncLagSeconds: s.sync_lag_ms === null ? null : Math.round(s.sync_lag_ms / 1000),
    pending: s.pending,
    ordersReceived: s.orders_received,
    deviceCodePending: s.code_pending,
    health: healthOf({ activated: s.activated_at, silent: s.silent, lag: s.sync_lag_ms, pending: s.pending }),
  }));
}
