// Where a command reads and writes: the real terminal in production, buffers in tests. The
// client commands read and write only through CliIo, so they run in-process under test; the two
// server commands (`gateway`, `cloud`) own the process and read process.env and write to
// stdout themselves (their tests spawn bin/opentt.js).

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
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns ?? 100,
  };
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
