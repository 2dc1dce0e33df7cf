// One helper starts a real gateway for a test: port 0 on loopback, a temporary data folder,
// the simulated floor, no mDNS, logs silenced. Always stop it (afterEach/afterAll).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll } from "vitest";
import { type GatewayConfig, resolveConfig } from "../../src/config.js";
import { Gateway, type GatewayDeps } from "../../src/gateway.js";

export interface TestGateway {
  gateway: Gateway;
  base: string;
  dataDir: string;
  /** Stops the gateway; with keepData the folder survives for a restart. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export async function startTestGateway(
  overrides: Partial<GatewayConfig> = {},
  deps: GatewayDeps = {},
): Promise<TestGateway> {
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(tmpdir(), "opentt-test-"));
  const config = resolveConfig({
    host: "127.0.0.1",
    port: 0,
    sim: true,
    mdns: false,
    logLevel: "silent",
    ...overrides,
    dataDir,
  });
  const gateway = new Gateway(config, { logger: pino({ level: process.env.OPENTT_TEST_LOG ?? "silent" }), ...deps });
  await gateway.start();
  const base = `http://127.0.0.1:${gateway.port}`;
  return {
    gateway,
    base,
    dataDir,
    stop: async (opts = {}) => {
      await gateway.stop();
      if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CallResult {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** A JSON call with an optional bearer token; returns status and parsed body. */
export async function call(
  base: string,
  method: string,
  route: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(base + route, { method, headers, body });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { _text: text };
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Presses the button and generates a token named `name`. */
export async function getToken(t: TestGateway, name = "default"): Promise<string> {
  t.gateway.ctx.pressButton("test");
  const r = await call(t.base, "GET", `/api/v2/accesstoken/generate?name=${encodeURIComponent(name)}`);
  if (r.status !== 201) throw new Error(`token generation failed: ${JSON.stringify(r.body)}`);
  return (r.body.token as { token: string }).token;
}

/**
 * The usual suite setup: one gateway and one token for the whole file (or describe block),
 * stopped after it. `ready` receives them (assign them to the file's variables) and may do more
 * setup. `opts.token` names the token; `false` issues none (ready gets ""), for tests of the
 * button and token flows that must find the window closed. `opts.timeout` is the setup's own
 * time limit, for a long `ready`. A file's own afterAll, registered after this call, runs before
 * the gateway stops.
 *
 * @example
 * let t: TestGateway;
 * let token: string;
 * useTestGateway((g, tok) => {
 *   t = g;
 *   token = tok;
 * });
 */
export function useTestGateway(
  ready: (t: TestGateway, token: string) => void | Promise<void>,
  overrides: Partial<GatewayConfig> = {},
  deps: GatewayDeps = {},
  opts: { token?: string | false; timeout?: number } = {},
): void {
  let t: TestGateway | undefined;
  const name = opts.token ?? "default";
  beforeAll(async () => {
    t = await startTestGateway(overrides, deps);
    await ready(t, name === false ? "" : await getToken(t, name));
  }, opts.timeout);
  afterAll(() => t?.stop());
}
