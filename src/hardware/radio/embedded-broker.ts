// `--radio mqtt` with no URL: an MQTT broker inside the gateway (aedes), so a small floor needs
// nothing else installed. Sessions, queued QoS 1 messages and retained commands are kept in
// LevelDB under the data folder (radio.md §2): a restart loses nothing a tracker sent.
/// <reference path="./aedes-persistence-level.d.ts" />
import { createServer, type Server } from "node:net";
import path from "node:path";
import { Aedes } from "aedes";
import AsyncLevelPersistence from "aedes-persistence-level/asyncPersistence.js";
import { ClassicLevel } from "classic-level";

export interface EmbeddedBroker {
  readonly port: number;
  close(): Promise<void>;
}

export async function startEmbeddedBroker(opts: {
  dataDir: string;
  host: string;
  port: number;
}): Promise<EmbeddedBroker> {
  const db = new ClassicLevel<Buffer, Buffer>(path.join(opts.dataDir, "mqtt"), {
    keyEncoding: "buffer",
    valueEncoding: "buffer",
  });
  const persistence = new AsyncLevelPersistence(db as never);
  let broker: Aedes;
  try {
    broker = await Aedes.createBroker({ persistence: persistence as never });
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  const server: Server = createServer(broker.handle);
  const closeBroker = () => new Promise<void>((resolve) => broker.close(() => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: opts.host, port: opts.port }, () => resolve());
    });
  } catch (e) {
    await closeBroker();
    await persistence.destroy().catch(() => {});
    const err = e as NodeJS.ErrnoException;
    throw new Error(
      err.code === "EADDRINUSE"
        ? `the embedded MQTT broker cannot listen on port ${opts.port}: it is in use (choose another with --mqtt-port)`
        : `the embedded MQTT broker cannot listen on ${opts.host}:${opts.port}: ${err.message}`,
    );
  }
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Connected trackers would hold the listener open.
        closeBroker();
      });
      await persistence.destroy().catch(() => {});
    },
  };
}
