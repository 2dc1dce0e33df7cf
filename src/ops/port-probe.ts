// Whether a port can be listened on, asked by listening and closing at once: the gateway asks
// before it opens its data folder (so a second `npm start` touches no data), the doctor before it
// reports the port free.
import { createServer } from "node:net";

/** Resolves when host:port could be listened on just now; rejects with the listen error (its `code`). */
export function probePort(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}
