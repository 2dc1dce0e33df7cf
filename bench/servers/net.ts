// What the benchmark servers share: the hosted-server shape, loopback listening and closing.
import type http from "node:http";
import type { AddressInfo } from "node:net";

type Command = (args: Record<string, unknown>) => unknown;

export interface Hosted {
  /** Sent back to the parent once listening: at least `port`. */
  info: Record<string, unknown>;
  commands: Record<string, Command>;
  stop(): Promise<void>;
}

export type Starter = (opts: Record<string, unknown>) => Promise<Hosted>;

export const LOOPBACK = "127.0.0.1";
/** The gateway's own keep-alive (src/http/server.ts), so every side treats connections alike. */
export const KEEP_ALIVE_MS = 65_000;

export const listen = (server: http.Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => resolve((server.address() as AddressInfo).port));
  });

export const closeServer = (server: http.Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
