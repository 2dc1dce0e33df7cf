// The cloud service's configuration and defaults, kept apart from the service so the CLI can
// show them without loading pg, PGlite and fastify.
import { type ActivationLimits, DEFAULT_ACTIVATION_LIMITS } from "./rate-limits.js";

export interface CloudConfig {
  host: string;
  port: number;
  /** postgres://… ; absent → embedded PGlite in dataDir. */
  database?: string;
  /** postgres://… of a hot standby of `database`: listings and analytics read there. */
  databaseReplica?: string;
  dataDir: string;
  logLevel: string;
  /** pg.Pool size for a real server. */
  poolSize: number;
  /** HTTPS: PEM files of the certificate chain and its key (both or neither). */
  tlsCert?: string;
  tlsKey?: string;
  /** Addresses (comma-separated IPs/CIDRs) of the load balancer whose X-Forwarded-For names the client. */
  trustProxy?: string;
  /** Device-code limits (docs/cloud.md "Rate limits"). */
  limits: ActivationLimits;
}

export const DEFAULT_CLOUD_CONFIG: Readonly<CloudConfig> = Object.freeze({
  host: "0.0.0.0",
  port: 8100,
  dataDir: "./cloud-data",
  logLevel: "info",
  poolSize: 10,
  limits: DEFAULT_ACTIVATION_LIMITS,
});
