// Shared helpers of the reliability suite: polling with a deadline (never a fixed sleep), the
// contract envelope check, leak detection in reply bodies, the seq a new WebSocket client sees,
// and the crash tests' rig.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect } from "vitest";
import WebSocket from "ws";
import { call } from "../helpers/gateway.js";
import { type SpawnedGateway, spawnedGateways } from "../helpers/spawn.js";

/** Resolves when cond() is true; fails with `what` after timeoutMs. */

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

export interface CrashRig {
  /** The one data folder every gateway of the test runs on, crash after crash. */
  dataDir: string;
  /** Spawns a gateway on the data folder (killed after the file if still running). */
  start(extra?: string[], env?: NodeJS.ProcessEnv): Promise<SpawnedGateway>;
  /** A webhook URL whose receiver always fails, so every delivery stays queued in the outbox. */
  refusingHook(): Promise<string>;
  /** Presses the button of a fresh gateway and generates one token per name. */
  tokens(base: string, names: string[]): Promise<Record<string, string>>;
}

/** The gateway setup of the crash tests; everything it starts is stopped after the file. */
export function crashRig(prefix: string): CrashRig {
  const gateways = spawnedGateways(prefix);
  const dataDir = gateways.tempDir();
  const refusing = http.createServer((_req, res) => res.writeHead(500).end());
  afterAll(() => void refusing.close());
  return {
    dataDir,
    start: (extra = [], env) => gateways.start(dataDir, extra, env),
    refusingHook: async () => {
      refusing.listen(0, "127.0.0.1");
      await once(refusing, "listening");
      return `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/hook`;
    },
    tokens: async (base, names) => {
      expect((await call(base, "POST", "/admin/button")).status).toBe(200);
      const out: Record<string, string> = {};
      for (const name of names) {
        const r = await call(base, "GET", `/api/v2/accesstoken/generate?name=${name}`);
        expect(r.status).toBe(201);
        out[name] = (r.body.token as { token: string }).token;
      }
      return out;
    },
  };
}
