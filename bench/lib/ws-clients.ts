// A crowd of WebSocket clients in this process, and a timer for "the last one has it": each
// client only counts frames, so the client side costs the same for opentt and its baseline.
import { WebSocket } from "ws";

const CONNECT_BATCH = 100;

export class Crowd {
  readonly #sockets: WebSocket[] = [];
  #remaining = 0;
  #done: ((t: number) => void) | undefined;
  /** The last frame the first client received, as text. */
  lastFrame = "";

  /** Opens `n` clients and waits until each has received `greetings` frames (the snapshot). */
  static async connect(url: string, n: number, headers: Record<string, string>, greetings: number): Promise<Crowd> {
    const crowd = new Crowd();
    const greeted = greetings > 0 ? crowd.expect(n * greetings, 60_000) : Promise.resolve(0);
    for (let i = 0; i < n; i += CONNECT_BATCH) {
      const batch: Array<Promise<void>> = [];
      for (let j = i; j < Math.min(n, i + CONNECT_BATCH); j++) batch.push(crowd.#open(url, headers, j === 0));
      await Promise.all(batch);
    }
    await greeted;
    return crowd;
  }

  #open(url: string, headers: Record<string, string>, first: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers, perMessageDeflate: false });
      ws.on("message", (data: Buffer) => {
        if (first) this.lastFrame = data.toString("utf8");
        if (--this.#remaining === 0) this.#done?.(performance.now());
      });
      ws.once("open", () => {
        this.#sockets.push(ws);
        resolve();
      });
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  get size(): number {
    return this.#sockets.length;
  }

  /** Resolves with the instant the `frames`-th frame arrives across all clients. */
  expect(frames: number, timeoutMs = 10_000): Promise<number> {
    this.#remaining = frames;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${frames - this.#remaining} of ${frames} frames within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#done = (t) => {
        clearTimeout(timer);
        this.#done = undefined;
        resolve(t);
      };
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#sockets.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            ws.once("close", () => resolve());
            ws.terminate();
          }),
      ),
    );
  }
}
