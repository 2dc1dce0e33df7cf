// Where the dashboard keeps its access token: localStorage, so a device enrolled once stays
// enrolled. A kiosk screen can be set up with a link `/#token=<48 hex>` (optionally `&tv=1`);
// the fragment never reaches the server and is wiped from the address bar once read.

const TOKEN_KEY = "opentt.token";
const NAME_KEY = "opentt.tokenName";
const TV_KEY = "opentt.tv";
const TOKEN_RE = /^[0-9a-f]{48}$/;

export interface StoredToken {
  token: string;
  /** The token's name when the dashboard minted it; unknown for a pasted token. */
  name: string | null;
}

export function isTokenShaped(s: string): boolean {
  return TOKEN_RE.test(s);
}

export function loadToken(): StoredToken | null {
  try {
    const token = localStorage.getItem(TOKEN_KEY);
    return token && isTokenShaped(token) ? { token, name: localStorage.getItem(NAME_KEY) } : null;
  } catch {
    return null;
  }
}

export function saveToken(t: StoredToken): void {
  try {
    localStorage.setItem(TOKEN_KEY, t.token);
    if (t.name) localStorage.setItem(NAME_KEY, t.name);
    else localStorage.removeItem(NAME_KEY);
  } catch {
    // Private mode: the token lasts for this tab only.
  }
}

export function forgetToken(): void {
  try {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(NAME_KEY);
  } catch {
    // Nothing stored.
  }
}

/** Reads `#token=…&tv=1` from the fragment; returns what it found and clears it from the URL. */
export function takeFragmentSettings(loc: Location, hist: History): { token?: string; tv?: boolean } {
  const hash = loc.hash.replace(/^#\/?/, "");
  if (!/(^|&)(token|tv)=/.test(hash)) return {};
  const params = new URLSearchParams(hash);
  const out: { token?: string; tv?: boolean } = {};
  const token = params.get("token")?.trim().toLowerCase();
  if (token && isTokenShaped(token)) out.token = token;
  if (params.has("tv")) out.tv = params.get("tv") !== "0";
  hist.replaceState(null, "", `${loc.pathname}${loc.search}#/board`);
  return out;
}

export function loadTv(): boolean {
  try {
    return localStorage.getItem(TV_KEY) === "1";
  } catch {
    return false;
  }
}

export function saveTv(on: boolean): void {
  try {
    localStorage.setItem(TV_KEY, on ? "1" : "0");
  } catch {
    // Not remembered.
  }
}
