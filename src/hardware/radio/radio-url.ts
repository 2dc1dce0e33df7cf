// `--radio` (radio.md, top): which device the gateway drives, parsed once. Errors name the flag
// and say what a good value looks like, so a typo stops the gateway with a message, not a trace.
import { DEFAULT_BASE_TOPIC } from "../../protocol/radio.js";

/** [opentt] The embedded broker's port when --mqtt-port does not say otherwise. */
const DEFAULT_MQTT_PORT = 1883;
const DEFAULT_BAUD = 115_200;

export type RadioSpec =
  | { kind: "none" }
  | { kind: "sim" }
  /** url absent: the embedded broker. */
  | {
      kind: "mqtt";
      url?: string;
      tls: boolean;
      host: string;
      port: number;
      base: string;
      username?: string;
      password?: string;
    }
  | { kind: "serial"; path: string; baud: number }
  /** radio.md §4: an existing vendor gateway; url absent: found by Bonjour. */
  | { kind: "lrs"; url?: string };

const EXAMPLES =
  "sim, mqtt, mqtt://host:1883/base, mqtts://user:pass@host:8883, serial:/dev/ttyUSB0?baud=115200, lrs or lrs+http://host:8000";

function bad(raw: string, why: string): TypeError {
  return new TypeError(`--radio "${raw}" is not a radio: ${why}. Use ${EXAMPLES}`);
}

export function parseRadio(raw: string): RadioSpec {
  const value = raw.trim();
  if (value === "none") return { kind: "none" };
  if (value === "sim") return { kind: "sim" };
  if (value === "mqtt")
    return { kind: "mqtt", tls: false, host: "127.0.0.1", port: DEFAULT_MQTT_PORT, base: DEFAULT_BASE_TOPIC };
  if (value.startsWith("serial:")) return parseSerial(raw, value.slice("serial:".length));
  if (value.startsWith("mqtt://") || value.startsWith("mqtts://")) return parseMqtt(raw, value);
  if (value === "lrs") return { kind: "lrs" };
  if (value.startsWith("lrs+")) return parseLrs(raw, value.slice("lrs+".length));
  throw bad(raw, "unknown kind");
}

function parseSerial(raw: string, rest: string): RadioSpec {
  const [path = "", query = ""] = rest.split("?", 2);
  if (!path.startsWith("/") && !/^COM[0-9]+$/i.test(path))
    throw bad(raw, "the serial port must be a path like /dev/ttyUSB0");
  let baud = DEFAULT_BAUD;
  for (const [k, v] of new URLSearchParams(query)) {
    if (k !== "baud") throw bad(raw, `unknown option "${k}" (only baud)`);
    baud = Number(v);
    if (!Number.isInteger(baud) || baud < 50 || baud > 4_000_000) throw bad(raw, "baud must be an integer like 115200");
  }
  return { kind: "serial", path, baud };
}

function hostUrl(raw: string, value: string): URL {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw bad(raw, "the URL does not parse");
  }
  if (!u.hostname) throw bad(raw, "the URL has no host");
  return u;
}

function parseLrs(raw: string, value: string): RadioSpec {
  const u = hostUrl(raw, value);
  if (u.protocol !== "http:") throw bad(raw, "the vendor gateway speaks plain http (lrs+http://host:8000)");
  if (u.username || u.password) throw bad(raw, "the upstream token goes in --radio-token, not in the URL");
  if ((u.pathname !== "/" && u.pathname !== "") || u.search || u.hash)
    throw bad(raw, "give only the host and port (lrs+http://host:8000)");
  // The vendor's port is 8000 (api-v2.md §0) when the URL names none.
  return { kind: "lrs", url: `http://${u.hostname}:${u.port || "8000"}` };
}

function parseMqtt(raw: string, value: string): RadioSpec {
  const u = hostUrl(raw, value);
  if (u.search || u.hash) throw bad(raw, "the URL takes no query or fragment");
  const tls = u.protocol === "mqtts:";
  const port = u.port ? Number(u.port) : tls ? 8883 : 1883;
  const base = decodeURIComponent(u.pathname).replace(/^\/+|\/+$/g, "") || DEFAULT_BASE_TOPIC;
  if (/[+#\0]/.test(base) || base.split("/").some((level) => level === ""))
    throw bad(raw, `the base topic "${base}" must not hold +, # or empty levels`);
  const spec: RadioSpec = {
    kind: "mqtt",
    url: value,
    tls,
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port,
    base,
  };
  if (u.username) spec.username = decodeURIComponent(u.username);
  if (u.password) spec.password = decodeURIComponent(u.password);
  return spec;
}

/** The URL to show (logs, GET /api/v2/radio): never the credentials. */
export function displayUrl(spec: RadioSpec, embeddedPort?: number): string {
  switch (spec.kind) {
    case "none":
    case "sim":
      return spec.kind;
    case "serial":
      return `serial:${spec.path}?baud=${spec.baud}`;
    case "lrs":
      return spec.url ? `lrs+${spec.url}` : "lrs";
    case "mqtt": {
      const host = spec.host.includes(":") ? `[${spec.host}]` : spec.host;
      const port = spec.url ? spec.port : (embeddedPort ?? spec.port);
      return `${spec.tls ? "mqtts" : "mqtt"}://${host}:${port}/${spec.base}`;
    }
  }
}
