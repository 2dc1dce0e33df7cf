// Runs the opentt CLI in-process with captured output; `until` waits on output, not on time.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";

export interface Run {
  code: Promise<number>;
  out: () => string;
  err: () => string;
  /** Resolves when stdout+stderr satisfy `match`. */
  until(match: (all: string) => boolean, timeoutMs?: number): Promise<void>;
  stop(): void;
}

export function tempTokenFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), "opentt-cli-")), "tokens.json");
}

export function start(argv: string[], env: NodeJS.ProcessEnv = {}, opts: { isTTY?: boolean } = {}): Run {
  let out = "";
  let err = "";
  const waiters = new Set<() => void>();
  const ac = new AbortController();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  const io: CliIo = {
    out: (t) => {
      out += t;
      notify();
    },
    err: (t) => {
      err += t;
      notify();
    },
    // Never the developer's own saved tokens or gateway.
    env: { OPENTT_TOKEN_FILE: tempTokenFile(), NO_COLOR: "1", ...env },
    isTTY: opts.isTTY ?? false,
    columns: 120,
    signal: ac.signal,
  };
  return {
    code: runCli(argv, io),
    out: () => out,
    err: () => err,
    stop: () => ac.abort(),
    until(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!match(out + err)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`output never matched; got:\n${out}\n${err}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs a command to completion. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const r = start(argv, env);
  const code = await r.code;
  return { code, out: r.out(), err: r.err() };
}
