// Where a command reads and writes: the real terminal in production, buffers in tests. The
// client commands read and write only through CliIo, so they run in-process under test; the two
// server commands (`gateway`, `cloud`) own the process and read process.env and write to
// stdout themselves (their tests spawn bin/opentt.js).
import { watchStdoutReader } from "./reader-watch.js";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal: spinners, colour and in-place redraws are welcome. */
  isTTY: boolean;
  /** Terminal width for tables. */
  columns: number;
  /** Ends long-running commands (watch, token) in tests; Ctrl-C does it in a terminal. */
  signal?: AbortSignal;
  /** Calls `onGone` as soon as whoever reads `out` stops reading; returns a stop function. */
  watchReader?(onGone: () => void): () => void;
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns ?? 100,
    watchReader: watchStdoutReader,
  };
}

/**
 * A reader that stops early (`opentt watch --json | head -n 1`) closes the pipe; the next write
 * fails with EPIPE. Node ignores SIGPIPE, so without this the error would crash the process with a
 * stack; like `ls | head` ended by SIGPIPE, the command ends quietly instead: nobody is left to
 * read what it would say. Installed once for the whole process (every command writes through it).
 */
export function endQuietlyOnClosedPipe(exitCode: number): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
      process.exit(exitCode);
    });
  }
}

/** Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
export function useColor(io: CliIo): boolean {
  return io.isTTY && !io.env.NO_COLOR && io.env.TERM !== "dumb";
}

/** An AbortSignal that fires on Ctrl-C (SIGINT/SIGTERM) or when the io's own signal does. */
export function interruptSignal(io: CliIo): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onSignal = () => ac.abort(new Error("interrupted"));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const onIo = () => ac.abort(io.signal?.reason);
  if (io.signal?.aborted) onIo();
  io.signal?.addEventListener("abort", onIo, { once: true });
  return {
    signal: ac.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      io.signal?.removeEventListener("abort", onIo);
    },
  };
}
