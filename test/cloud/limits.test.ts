// Device-code limits and admin token rotation (issue 19.5): failed activations per source
// address (shared by every cloud process), device codes per account, 429 with Retry-After and a
// message saying when to retry, failed guesses logged; a new admin token revokes the old one at
// once or after an overlap, through the API and the command line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateAccount, createAccount } from "../../src/cloud/accounts.js";
import { openPglite } from "../../src/cloud/db.js";
import { migrateCloud } from "../../src/cloud/migrations.js";
import { CloudService } from "../../src/cloud/service.js";
import { type CallResult, call } from "../helpers/gateway.js";
import { assertBuilt, runCli } from "../helpers/spawn.js";
import { ENGINE, startTestCloud, type TestCloud } from "./helpers.js";

const LIMITS = { failuresPerSource: 3, sourceWindowSeconds: 900, codesPerAccount: 4, accountWindowSeconds: 3600 };
const logLines: Array<Record<string, unknown>> = [];
const logger = pino(
  { level: "info" },
  { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
);

let c: TestCloud;
beforeAll(async () => {
  // The load balancer is this machine: X-Forwarded-For names the client, as behind a real one.
  c = await startTestCloud({ limits: LIMITS, trustProxy: "127.0.0.1" }, logger);
}, 120_000);
afterAll(() => c?.stop());

const activate = (from: string, deviceCode: string, base = c.base) =>
  call(base, "POST", "/cloud/v1/activate", { headers: { "x-forwarded-for": from }, body: { deviceCode } });

function expect429(r: CallResult, window: number, words: RegExp) {
  expect(r.body).toMatchObject({ status: 429, returnCode: -39 });
  expect(String(r.body.message)).toMatch(words);
  expect(String(r.body.message)).toMatch(/try again in \d+ s \(after \d\d:\d\d:\d\d UTC\)/);
  const after = Number(r.headers.get("retry-after"));
  expect(Number.isInteger(after) && after >= 1 && after <= window).toBe(true);
}

async function newCode(token = c.token): Promise<CallResult> {
  return call(c.base, "POST", "/cloud/v1/sites", { token, body: { name: "Limits" } });
}

describe(`device-code limits on ${ENGINE}`, () => {
  it("refuses a source after its failed guesses, in every cloud process, until its window ends", async () => {
    const right = (await newCode()).body.deviceCode as string;
    const guess = "ZZZZ-ZZZ2";
    // A code that works is not a guess: it does not count.
    expect((await activate("203.0.113.7", guess)).body).toMatchObject({ status: 400, returnCode: -19 });
    expect((await activate("203.0.113.7", right)).status).toBe(200);
    expect((await activate("203.0.113.7", guess)).status).toBe(400);
    expect((await activate("203.0.113.7", guess)).status).toBe(400);
    expect429(await activate("203.0.113.7", guess), 900, /Too many failed device codes from 203\.0\.113\.7/);
    // Over the limit even a right code waits: the limit is checked before the code.
    const another = (await newCode()).body.deviceCode as string;
    expect((await activate("203.0.113.7", another)).status).toBe(429);
    // Another source is not affected.
    expect((await activate("198.51.100.9", guess)).body).toMatchObject({ returnCode: -19 });

    // A second process on the same database counts with the first.
    const second = await new CloudService(
      { host: "127.0.0.1", port: 0, limits: LIMITS, trustProxy: "127.0.0.1" },
      { db: c.db, logger: pino({ level: "silent" }) },
    ).start();
    try {
      expect((await activate("203.0.113.7", another, `http://127.0.0.1:${second.port}`)).status).toBe(429);
    } finally {
      await second.stop();
    }

    // The window ends: the source may try again.
    await c.db.query(
      "UPDATE activation_failures SET window_start = now() - interval '901 seconds' WHERE source = '203.0.113.7'",
    );
    expect((await activate("203.0.113.7", another)).status).toBe(200);

    // Every failed guess is logged with its source and what to do.
    const warned = logLines.filter((l) => l.source === "203.0.113.7" && l.level === 40);
    expect(warned.length).toBeGreaterThanOrEqual(3);
    expect(String(warned[0]?.msg)).toMatch(/check the code/);
  });

  it("limits the device codes an account issues, and only that account's", async () => {
    const other = await createAccount(c.db, "Other chain");
    await c.db.query("UPDATE accounts SET codes_in_window = 0, codes_window_start = NULL WHERE id = $1", [c.accountId]);
    const site = (await newCode()).body.siteId as number;
    for (let i = 0; i < 3; i++) {
      const r = await call(c.base, "POST", `/cloud/v1/sites/${site}/device-code`, { token: c.token });
      expect(r.status).toBe(201);
    }
    expect429(
      await call(c.base, "POST", `/cloud/v1/sites/${site}/device-code`, { token: c.token }),
      3600,
      /issued its 4 device codes of the last 60 minutes/,
    );
    const refusedSite = await newCode();
    expect(refusedSite.status).toBe(429);
    // The refused request created no site.
    const sites = await call(c.base, "GET", "/cloud/v1/sites", { token: c.token });
    expect((sites.body.items as Array<{ id: number }>).filter((s) => s.id > site)).toEqual([]);
    expect((await newCode(other.token)).status).toBe(201);
  });
});

describe(`admin token rotation on ${ENGINE}`, () => {
  const sitesWith = async (token: string) => (await call(c.base, "GET", "/cloud/v1/sites", { token })).status;

  it("mints a new token and revokes the old one at once", async () => {
    const a = await createAccount(c.db, "Rotating");
    const r = await call(c.base, "POST", "/cloud/v1/account/token", { token: a.token });
    expect(r.body).toMatchObject({ status: 201, account: { id: a.id }, previousTokenValidUntil: null });
    const fresh = r.body.token as string;
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(await sitesWith(a.token)).toBe(401);
    expect(await sitesWith(fresh)).toBe(200);
  });

  it("keeps the old token for an overlap when asked, and ends it", async () => {
    const a = await createAccount(c.db, "Overlapping");
    const bad = await call(c.base, "POST", "/cloud/v1/account/token", {
      token: a.token,
      body: { overlapSeconds: 8 * 86_400 },
    });
    expect(bad.body).toMatchObject({ status: 400, returnCode: -31 });
    expect(String(bad.body.message)).toMatch(/overlapSeconds.*0-604800/);
    const r = await call(c.base, "POST", "/cloud/v1/account/token", { token: a.token, body: { overlapSeconds: 60 } });
    expect(Date.parse(r.body.previousTokenValidUntil as string)).toBeGreaterThan(Date.now());
    const second = r.body.token as string;
    expect(await sitesWith(a.token)).toBe(200);
    expect(await sitesWith(second)).toBe(200);
    // A second rotation ends the first overlap: at most two tokens work.
    const third = (
      await call(c.base, "POST", "/cloud/v1/account/token", { token: second, body: { overlapSeconds: 60 } })
    ).body.token as string;
    expect(await sitesWith(a.token)).toBe(401);
    expect(await sitesWith(second)).toBe(200);
    await c.db.query("UPDATE accounts SET old_token_expires = now() - interval '1 second' WHERE id = $1", [a.id]);
    expect(await sitesWith(second)).toBe(401);
    expect(await sitesWith(third)).toBe(200);
  });

  it("rotates from the command line for an operator who lost the token", async () => {
    assertBuilt();
    const dir = mkdtempSync(path.join(tmpdir(), "opentt-rotate-"));
    try {
      const setup = await openPglite(dir);
      await migrateCloud(setup);
      const { id, token: old } = await createAccount(setup, "Lost token");
      await setup.close();
      const badOverlap = await runCli(["cloud", "--data", dir, "--rotate-token", String(id), "--overlap", "soon"]);
      expect(badOverlap.code).toBe(2);
      expect(badOverlap.stderr).toMatch(/--overlap takes whole seconds from 0 to 604800/);
      const rotated = await runCli(["cloud", "--data", dir, "--rotate-token", String(id)]);
      expect(rotated.code).toBe(0);
      expect(rotated.stdout).toMatch(/the old token is revoked/);
      const fresh = /new admin token \(shown once\): ([0-9a-f]{64})/.exec(rotated.stdout)?.[1] as string;
      const db = await openPglite(dir);
      try {
        await expect(authenticateAccount(db, `Bearer ${old}`)).rejects.toMatchObject({ returnCode: -2 });
        expect((await authenticateAccount(db, `Bearer ${fresh}`)).account.id).toBe(id);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
