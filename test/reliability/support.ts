// Shared helpers of the reliability suite: polling with a deadline (never a fixed sleep), the
// contract envelope check, leak detection in reply bodies, and the seq a new WebSocket client sees.
import { once } from "node:events";
import { expect } from "vitest";
import WebSocket from "ws";

/** Resolves when cond() is true; fails with `what` after timeoutMs. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An error reply of the contract (spec §3): status repeated, negative code, a message. */
export function expectErrorEnvelope(httpStatus: number, body: unknown, context = ""): void {
  const b = body as Record<string, unknown>;
  expect(b, `${context}: body is the envelope`).toBeTypeOf("object");
  expect(b.status, `${context}: status repeats the HTTP status`).toBe(httpStatus);
  expect(b.returnCode, `${context}: negative returnCode`).toBeTypeOf("number");
  expect(b.returnCode as number, `${context}: negative returnCode`).toBeLessThan(0);
  expect(b.message, `${context}: message`).toBeTypeOf("string");
  expect((b.message as string).length, `${context}: non-empty message`).toBeGreaterThan(0);
}

/** Things a reply must never contain: stack frames, source paths, module folders. */
const LEAK_PATTERNS: RegExp[] = [
  /\bat [\w$.<>]+ \(/, // "at fn (" stack frame
  /\bat (?:file:\/\/|\/|node:)/, // "at /path" or "at node:internal"
  /\/(?:work|home|root|usr|tmp)\/[\w.-]+/, // absolute paths
  /node_modules/,
  /\.(?:ts|js|mjs|cjs):\d+/, // file:line
  /file:\/\//,
  /SqliteError|TypeError|ReferenceError|RangeError/,
];

/** Returns the first leak found in text (a stack, a path, one of the given secrets), or undefined. */
export function findLeak(text: string, secrets: readonly string[] = []): string | undefined {
  for (const re of LEAK_PATTERNS) {
    const m = re.exec(text);
    if (m) return m[0];
  }
  for (const s of secrets) if (s && text.toLowerCase().includes(s.toLowerCase())) return `secret ${s.slice(0, 6)}…`;
  return undefined;
}

/** The seq of the ACTIVE_ORDERS snapshot a new WebSocket client is sent. */
export async function wsSeq(port: number, token: string): Promise<number> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v2/websocket`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const [data] = (await once(ws, "message")) as [Buffer];
  ws.close();
  const snap = JSON.parse(data.toString()) as { type: string; seq: number };
  expect(snap.type).toBe("ACTIVE_ORDERS");
  return snap.seq;
}
