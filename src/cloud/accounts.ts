// Accounts, sites and the credentials that tie them together: an account admin token, a
// one-time device code per site, and the upload token a gateway receives when it activates.
// Only SHA-256 hashes of secrets are stored.
import { createHash, randomBytes, randomInt } from "node:crypto";
import { type ActivateReply, DEVICE_CODE_ALPHABET, parseDeviceCode } from "../protocol/sync.js";
import { TrackerError } from "../protocol/tracker-error.js";
import type { Queryable } from "./db.js";

/** A device code is good for this long after it is issued. */
const DEVICE_CODE_TTL_HOURS = 72;
const TOKEN_RE = /^[0-9a-f]{64}$/;

export const hashSecret = (s: string) => createHash("sha256").update(s).digest("hex");
const newToken = () => randomBytes(32).toString("hex");

function newDeviceCode(): string {
  let s = "";
  for (let i = 0; i < 8; i++) s += DEVICE_CODE_ALPHABET[randomInt(DEVICE_CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

export interface Account {
  id: number;
  name: string;
}

/** Creates an account; its admin token is returned once and only its hash is kept. */
export async function createAccount(db: Queryable, name: string): Promise<Account & { token: string }> {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > 100) throw new TypeError("an account name has 1-100 characters");
  const token = newToken();
  const r = await db.query<Account>("INSERT INTO accounts (name, token_hash) VALUES ($1, $2) RETURNING id, name", [
    clean,
    hashSecret(token),
  ]);
  return { ...(r.rows[0] as Account), token };
}

/** `Authorization: Bearer <64 hex>` → the secret; -1 when the header is there but malformed. */
export function bearer(header: string | undefined): string {
  if (header === undefined || header === "") throw new TrackerError("INVALID_TOKEN");
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m || !TOKEN_RE.test(m[1] as string)) {
    throw new TrackerError(
      "MALFORMED_AUTH_HEADER",
      "Malformed Authorization header: send 'Authorization: Bearer <64 hex characters>'",
    );
  }
  return m[1] as string;
}

/** The account of an admin token, read on the primary (a rotated token stops at once). */
export async function authenticateAccount(
  db: Queryable,
  header: string | undefined,
): Promise<{ account: Account; writeLsn: string | null }> {
  const r = await db.query<Account & { writeLsn: string | null }>(
    `SELECT id, name, write_lsn::text AS "writeLsn" FROM accounts
     WHERE token_hash = $1 OR (old_token_hash = $1 AND old_token_expires > now())`,
    [hashSecret(bearer(header))],
  );
  const a = r.rows[0];
  if (!a) throw new TrackerError("INVALID_TOKEN");
  return { account: { id: a.id, name: a.name }, writeLsn: a.writeLsn };
}

/** The longest an old admin token may keep working after a rotation: a week. */
export const MAX_TOKEN_OVERLAP_S = 7 * 86_400;

/**
 * Mints a new admin token (returned once, only its hash kept). The current one is revoked at once,
 * or keeps working `overlapSeconds` longer so scripts and dashboards can switch over; a rotation
 * during an overlap ends the older overlap (two tokens at most).
 */
export async function rotateAdminToken(
  db: Queryable,
  accountId: number,
  overlapSeconds: unknown,
): Promise<{ token: string; previousTokenValidUntil: string | null }> {
  if (
    !Number.isInteger(overlapSeconds) ||
    (overlapSeconds as number) < 0 ||
    (overlapSeconds as number) > MAX_TOKEN_OVERLAP_S
  ) {
    throw new TrackerError(
      "INVALID_JSON",
      `Invalid overlap: send {"overlapSeconds": <whole seconds, 0-${MAX_TOKEN_OVERLAP_S}>} (0, the default, revokes the old token at once)`,
    );
  }
  const token = newToken();
  const r = await db.query<{ until: Date | null }>(
    `UPDATE accounts SET
       old_token_hash = CASE WHEN $3::int > 0 THEN token_hash END,
       old_token_expires = CASE WHEN $3::int > 0 THEN now() + make_interval(secs => $3::int) END,
       token_hash = $2
     WHERE id = $1 RETURNING old_token_expires AS until`,
    [accountId, hashSecret(token), overlapSeconds],
  );
  const row = r.rows[0];
  if (!row)
    throw new TrackerError("NOT_FOUND", `No account ${accountId}: check the id (the number --create-account printed)`);
  return { token, previousTokenValidUntil: row.until === null ? null : row.until.toISOString() };
}

/** Why an upload token is refused: the gateway must be activated again. */
export const UNKNOWN_SITE = "Unknown site token: the site was re-activated or deleted; activate the gateway again";

export interface IssuedDeviceCode {
  siteId: number;
  siteName: string;
  deviceCode: string;
  expires: string;
}

export async function createSite(db: Queryable, accountId: number, name: unknown): Promise<IssuedDeviceCode> {
  if (typeof name !== "string" || name.trim().length < 1 || name.trim().length > 100) {
    throw new TrackerError("INVALID_JSON", 'Invalid site: send {"name": "<1-100 characters>"}');
  }
  const r = await db.query<{ id: number }>("INSERT INTO sites (account_id, name) VALUES ($1, $2) RETURNING id", [
    accountId,
    name.trim(),
  ]);
  return issueDeviceCode(db, accountId, (r.rows[0] as { id: number }).id);
}

/** A fresh one-time code for a site; an unused older code stops working. */
export async function issueDeviceCode(db: Queryable, accountId: number, siteId: number): Promise<IssuedDeviceCode> {
  const code = newDeviceCode();
  const r = await db.query<{ name: string; expires: Date }>(
    `UPDATE sites SET device_code_hash = $3, device_code_expires = now() + make_interval(hours => $4)
     WHERE id = $1 AND account_id = $2 RETURNING name, device_code_expires AS expires`,
    [siteId, accountId, hashSecret(code), DEVICE_CODE_TTL_HOURS],
  );
  const row = r.rows[0];
  if (!row) throw new TrackerError("NOT_FOUND", "No such site in this account");
  return { siteId, siteName: row.name, deviceCode: code, expires: row.expires.toISOString() };
}

/**
 * Redeems a device code: one statement both checks and burns it, so two gateways racing with
 * the same code cannot both win. Unknown, used or expired → -19.
 */
export async function activateSite(db: Queryable, body: unknown): Promise<ActivateReply> {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const code = parseDeviceCode(b.deviceCode);
  const serial = typeof b.serial === "string" ? b.serial.slice(0, 64) : null;
  const token = newToken();
  const r = await db.query<Omit<ActivateReply, "status" | "siteToken">>(
    `UPDATE sites s SET device_code_hash = NULL, device_code_expires = NULL, token_hash = $2,
       gateway_serial = $3, activated_at = now(), last_seen = now()
     FROM accounts a
     WHERE s.device_code_hash = $1 AND s.device_code_expires > now() AND a.id = s.account_id
     RETURNING s.id AS "siteId", s.name AS "siteName", a.id AS "accountId", a.name AS "accountName"`,
    [hashSecret(code), hashSecret(token), serial],
  );
  const row = r.rows[0];
  if (!row) throw new TrackerError("INVALID_DEVICE_CODE", "Invalid device code: unknown, already used or expired");
  return { status: 200, ...row, siteToken: token };
}
