// The cloud service's configuration and defaults, kept apart from the service so the CLI can
// show them without loading pg, PGlite and fastify.

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
}

export const DEFAULT_CLOUD_CONFIG: Readonly<CloudConfig> = Object.freeze({
  host: "0.0.0.0",
  port: 8100,
  dataDir: "./cloud-data",
  logLevel: "info",
  poolSize: 10,
});
