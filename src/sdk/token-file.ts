// Saved tokens for Node tools (the CLI, scripts): one JSON file, readable by its owner only,
// keyed by gateway serial so a token still works when DHCP moves the gateway to a new address.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { normalizeBaseUrl } from "./transport.js";

export interface SavedToken {
  token: string;
  name: string;
  serial?: string;
  /** The base URL the token was last used with. */
  url: string;
  savedAt: string;
}

interface FileShape {
  version: 1;
  tokens: SavedToken[];
}

/**
 * `$OPENTT_TOKEN_FILE`, else `$XDG_CONFIG_HOME/opentt/tokens.json`, else `~/.config/opentt/tokens.json`.
 *
 * @example
 * ```ts
 * const file = new TokenFile(defaultTokenFile());
 * ```
 */
export function defaultTokenFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OPENTT_TOKEN_FILE) return env.OPENTT_TOKEN_FILE;
  const base = env.XDG_CONFIG_HOME || path.join(homedir(), ".config");
  return path.join(base, "opentt", "tokens.json");
}

/**
 * The saved-token file.
 *
 * @example
 * ```ts
 * const file = new TokenFile();
 * file.save({ token: issued.token, name: issued.name, serial, url: "http://192.168.1.23:8000" });
 * const saved = file.find({ serial, url: "http://192.168.1.40:8000" }); // found by serial
 * ```
 */
export class TokenFile {
  readonly path: string;

  constructor(filePath: string = defaultTokenFile()) {
    this.path = filePath;
  }

  all(): SavedToken[] {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    const parsed = JSON.parse(text) as Partial<FileShape>;
    return Array.isArray(parsed.tokens) ? parsed.tokens.filter((t) => typeof t?.token === "string") : [];
  }

  /** The token for a gateway: by serial first (addresses change), then by URL. */
  find(by: { serial?: string; url?: string }): SavedToken | undefined {
    const all = this.all();
    const url = by.url === undefined ? undefined : normalizeBaseUrl(by.url);
    return (
      (by.serial ? all.find((t) => t.serial === by.serial) : undefined) ??
      (url ? all.find((t) => normalizeBaseUrl(t.url) === url) : undefined)
    );
  }

  /** Saves (replacing the entry for the same serial, or the same URL when no serial). */
  save(entry: Omit<SavedToken, "savedAt">): SavedToken {
    const saved: SavedToken = { ...entry, url: normalizeBaseUrl(entry.url), savedAt: new Date().toISOString() };
    const rest = this.all().filter((t) =>
      saved.serial ? t.serial !== saved.serial : normalizeBaseUrl(t.url) !== saved.url || t.serial !== undefined,
    );
    const data: FileShape = { version: 1, tokens: [...rest, saved] };
    mkdirSync(path.dirname(this.path), { recursive: true, mode: 0o700 });
    // Write then rename, so a crash never leaves half a file; 0600 because these are secrets.
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
    chmodSync(this.path, 0o600);
    return saved;
  }
}
