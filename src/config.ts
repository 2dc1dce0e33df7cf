// Configuration, once: defaults, then OPENTT_* environment, then command-line flags; checked
// and frozen here and passed down explicitly (STYLE §7).
import { isIP } from "node:net";
import { parseRadio } from "./hardware/radio/radio-url.js";

export interface GatewayConfig {
  host: string;
  port: number;
  dataDir: string;
  sim: boolean;
  demo: boolean;
  mdns: boolean;
  /** Demo seed, for a repeatable story. */
  demoSeed: number;
  logLevel: string;
  /** json (one JSON object a line, the default) or pretty (for a person at a terminal). */
  logFormat: "json" | "pretty";
  /** "full" adds an fsync per commit: survives power loss, not only a crash. */
  durability: "normal" | "full";
  advertiseIp?: string;
  interface?: string;
  /** Nightly backups go here (issue 20.3); none without it. */
  backupDir?: string;
  /** How many nightly backups to keep. */
  backupKeep: number;
  /** Who may read GET /metrics: this machine only, or anyone with an access token. */
  metricsAccess: "loopback" | "token";
  /** radio.md: none, sim, mqtt, mqtt(s)://…, serial:/dev/…; `sim: true` is the same as "sim". */
  radio: string;
  /** [opentt] Port of the embedded broker (`--radio mqtt`). */
  mqttPort: number;
  /** radio.md §2: credentials and CA file when the URL does not carry them. */
  radioUsername?: string;
  radioPassword?: string;
  radioCa?: string;
  /** radio.md §4: the upstream gateway's token (else the token file in the data folder). */
  radioToken?: string;
  /** A private CA (PEM file) the cloud's certificate may chain to, beside the public roots. */
  cloudCa?: string;
  /** Plain HTTP to a cloud that is not on this machine. */
  cloudAllowHttp: boolean;
}

export const DEFAULT_CONFIG: Readonly<GatewayConfig> = Object.freeze({
  host: "0.0.0.0",
  port: 8000,
  dataDir: "./data",
  sim: false,
  demo: false,
  mdns: true,
  demoSeed: 42,
  logLevel: "info",
  logFormat: "json",
  durability: "normal",
  backupKeep: 7,
  metricsAccess: "loopback",
  radio: "none",
  mqttPort: 1883,
  cloudAllowHttp: false,
});

export function configFromEnv(env: NodeJS.ProcessEnv): Partial<GatewayConfig> {
  const out: Partial<GatewayConfig> = {};
  if (env.OPENTT_DATA) out.dataDir = env.OPENTT_DATA;
  if (env.OPENTT_HOST) out.host = env.OPENTT_HOST;
  if (env.OPENTT_PORT) out.port = Number(env.OPENTT_PORT);
  if (env.OPENTT_LOG_LEVEL) out.logLevel = env.OPENTT_LOG_LEVEL;
  if (env.OPENTT_LOG_FORMAT) out.logFormat = env.OPENTT_LOG_FORMAT as GatewayConfig["logFormat"];
  if (env.OPENTT_BACKUP_DIR) out.backupDir = env.OPENTT_BACKUP_DIR;
  if (env.OPENTT_BACKUP_KEEP) out.backupKeep = Number(env.OPENTT_BACKUP_KEEP);
  if (env.OPENTT_METRICS_ACCESS) out.metricsAccess = env.OPENTT_METRICS_ACCESS as GatewayConfig["metricsAccess"];
  if (env.OPENTT_DURABILITY) out.durability = env.OPENTT_DURABILITY as GatewayConfig["durability"];
  if (env.OPENTT_RADIO) out.radio = env.OPENTT_RADIO;
  if (env.OPENTT_MQTT_PORT) out.mqttPort = Number(env.OPENTT_MQTT_PORT);
  if (env.OPENTT_RADIO_USERNAME) out.radioUsername = env.OPENTT_RADIO_USERNAME;
  if (env.OPENTT_RADIO_PASSWORD) out.radioPassword = env.OPENTT_RADIO_PASSWORD;
  if (env.OPENTT_RADIO_CA) out.radioCa = env.OPENTT_RADIO_CA;
  if (env.OPENTT_RADIO_TOKEN) out.radioToken = env.OPENTT_RADIO_TOKEN;
  if (env.OPENTT_CLOUD_CA) out.cloudCa = env.OPENTT_CLOUD_CA;
  if (env.OPENTT_CLOUD_ALLOW_HTTP) out.cloudAllowHttp = /^(1|true|yes)$/i.test(env.OPENTT_CLOUD_ALLOW_HTTP);
  return out;
}

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Merges the layers and checks the result; throws TypeError naming what to fix. */
export function resolveConfig(...layers: Array<Partial<GatewayConfig>>): Readonly<GatewayConfig> {
  const c: GatewayConfig = { ...DEFAULT_CONFIG };
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) (c as unknown as Record<string, unknown>)[k] = v;
  }
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535)
    throw new TypeError(`--port must be 0-65535, not ${c.port}`);
  if (!c.host) throw new TypeError("--host must not be empty");
  if (!c.dataDir) throw new TypeError("--data must not be empty");
  const radio = parseRadio(c.radio).kind;
  if (c.sim && radio !== "sim" && radio !== "none")
    throw new TypeError(`--sim is --radio sim: it cannot be combined with --radio ${c.radio}`);
  if (c.sim || radio === "sim") {
    c.sim = true;
    c.radio = "sim";
  }
  if (!Number.isInteger(c.mqttPort) || c.mqttPort < 0 || c.mqttPort > 65535)
    throw new TypeError(`--mqtt-port must be 0-65535, not ${c.mqttPort}`);
  if (c.radioToken !== undefined && !/^[0-9a-f]{48}$/.test(c.radioToken))
    throw new TypeError("--radio-token must be the upstream gateway's token: 48 lowercase hex characters");
  if (c.demo && !c.sim) throw new TypeError("--demo needs --sim: demo traffic runs on the simulated floor");
  if (!LEVELS.includes(c.logLevel)) throw new TypeError(`log level must be one of ${LEVELS.join(", ")}`);
  if (c.logFormat !== "json" && c.logFormat !== "pretty")
    throw new TypeError(`--log-format must be json or pretty, not "${c.logFormat}"`);
  if (c.durability !== "normal" && c.durability !== "full") throw new TypeError("durability must be normal or full");
  if (!Number.isInteger(c.backupKeep) || c.backupKeep < 1)
    throw new TypeError(`--backup-keep must be a whole number of at least 1, not ${c.backupKeep}`);
  if (c.metricsAccess !== "loopback" && c.metricsAccess !== "token")
    throw new TypeError(`--metrics-access must be loopback or token, not "${c.metricsAccess}"`);
  if (c.advertiseIp !== undefined && !isIP(c.advertiseIp))
    throw new TypeError(`--advertise-ip must be an IP address, not "${c.advertiseIp}"`);
  return Object.freeze(c);
}
