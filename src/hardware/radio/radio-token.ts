// The vendor gateway's token (radio.md §4): it must be presented upstream, so it cannot be kept
// hashed. It lives in the data folder in a file only its owner can read, and is never logged.
import { chmodSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

const RADIO_TOKEN_FILE = "radio-token";
const TOKEN = /^[0-9a-f]{48}$/;

function radioTokenPath(dataDir: string): string {
  return path.join(dataDir, RADIO_TOKEN_FILE);
}

/** The saved token, or undefined when none was saved (or the file holds no token). */
export function readRadioToken(dataDir: string): string | undefined {
  try {
    const t = readFileSync(radioTokenPath(dataDir), "utf8").trim();
    return TOKEN.test(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

export function saveRadioToken(dataDir: string, token: string): string {
  if (!TOKEN.test(token)) throw new TypeError("the vendor gateway's token is 48 lowercase hex characters");
  const file = radioTokenPath(dataDir);
  // Written then renamed, so a crash never leaves half a token; 0600 because it is a secret.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  chmodSync(file, 0o600);
  return file;
}
