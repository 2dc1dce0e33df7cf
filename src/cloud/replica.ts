// Reads on a hot standby [opentt]: ingest and every write go to the primary; listings and
// analytics go to the streaming replica, unless the account wrote something the replica has not
// replayed yet. That read-your-writes rule is stateless, so any cloud process can answer: a
// write by an account (a new site, a device code, an activation) stamps the account row with
// the primary's WAL position after it; the account is authenticated on the primary anyway, and
// its reads stay there until the replica's replay position passes the stamp. Uploads do not
// stamp: a chain uploads all the time, and its listings would never leave the primary.
import type { CloudDb, Queryable } from "./db.js";

export interface ReplicaStatus {
  /** false: no --database-replica, every read is on the primary. */
  configured: boolean;
  /** The replica answered as a standby in recovery (false once promoted or when down). */
  streaming: boolean;
  /** WAL bytes the primary has written that the replica has not replayed. */
  lagBytes: number | null;
  /** 0 when caught up; else the age of the last transaction it replayed. */
  lagSeconds: number | null;
  replayLsn: string | null;
  error?: string;
}

/** A pg_lsn "16/B374D848" as a number that orders correctly. */
function lsnValue(lsn: string): bigint {
  const [hi, lo] = lsn.split("/");
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** A fresh-enough replica status is reused for this long; a stamped account always asks afresh. */
const STATUS_TTL_MS = 1000;

export class ReadRouter {
  #cached?: { at: number; status: ReplicaStatus };

  constructor(
    readonly primary: CloudDb,
    readonly replica?: CloudDb,
  ) {}

  /** Stamps the account after a write it must see on its next read (any process). */
  async markWrite(accountId: number): Promise<void> {
    if (!this.replica) return;
    await this.primary.query("UPDATE accounts SET write_lsn = pg_current_wal_lsn() WHERE id = $1", [accountId]);
  }

  async status(fresh = false): Promise<ReplicaStatus> {
    if (!this.replica)
      return { configured: false, streaming: false, lagBytes: null, lagSeconds: null, replayLsn: null };
    const c = this.#cached;
    if (!fresh && c && Date.now() - c.at < STATUS_TTL_MS) return c.status;
    const status = await this.#measure(this.replica);
    this.#cached = { at: Date.now(), status };
    return status;
  }

  async #measure(replica: CloudDb): Promise<ReplicaStatus> {
    try {
      const [r, p] = await Promise.all([
        replica.query<{ standby: boolean; replay: string | null; since: number | null }>(
          `SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay,
             extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS since`,
        ),
        this.primary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn"),
      ]);
      const row = r.rows[0];
      const head = p.rows[0]?.lsn;
      if (!row?.standby || !row.replay || !head) {
        return { configured: true, streaming: false, lagBytes: null, lagSeconds: null, replayLsn: row?.replay ?? null };
      }
      const bytes = lsnValue(head) - lsnValue(row.replay);
      const lagBytes = bytes > 0n ? Number(bytes) : 0;
      return {
        configured: true,
        streaming: true,
        lagBytes,
        lagSeconds: lagBytes === 0 ? 0 : Math.max(0, Math.round(row.since ?? 0)),
        replayLsn: row.replay,
      };
    } catch (e) {
      return {
        configured: true,
        streaming: false,
        lagBytes: null,
        lagSeconds: null,
        replayLsn: null,
        error: (e as Error).message,
      };
    }
  }

  /**
   * Where an account's reads go: the replica when it streams and has replayed the account's
   * last stamped write, else the primary (also when the replica is down or was promoted).
   */
  async reader(writeLsn: string | null): Promise<{ db: Queryable; from: "primary" | "replica" }> {
    const onPrimary = { db: this.primary, from: "primary" as const };
    if (!this.replica) return onPrimary;
    const caughtUp = (s: ReplicaStatus) =>
      s.streaming && s.replayLsn !== null && (writeLsn === null || lsnValue(s.replayLsn) >= lsnValue(writeLsn));
    // Replay only moves forward, so a cached position already past the stamp is good enough.
    if (caughtUp(await this.status())) return { db: this.replica, from: "replica" };
    if (writeLsn !== null && caughtUp(await this.status(true))) return { db: this.replica, from: "replica" };
    return onPrimary;
  }
}
