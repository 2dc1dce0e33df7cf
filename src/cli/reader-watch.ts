// Noticing that the reader of our stdout pipe went away (`opentt watch --json | head -n 1`) before
// we write again. Node hears of it only from the next write's EPIPE, which for a quiet board may
// be hours later; the kernel tells a poll(2) on the pipe at once, but Node has no poll. GNU tail
// does exactly that poll while it follows: a `tail -f --pid=<us> /dev/null` sharing our stdout
// writes nothing, dies of SIGPIPE the moment the reader is gone, and exits by itself when we do
// (--pid), so it never keeps the pipe open behind us.
import { spawn } from "node:child_process";
import { fstatSync } from "node:fs";

/**
 * Calls `onGone` when stdout is a pipe and its reader closes it; returns a function that stops
 * watching. Without GNU tail (or off Linux, or not a pipe) it does nothing: the next write's
 * EPIPE still ends the command (endQuietlyOnClosedPipe).
 */
export function watchStdoutReader(onGone: () => void): () => void {
  if (process.platform !== "linux" || !fstatSync(1).isFIFO()) return () => {};
  let stopped = false;
  const tail = spawn("tail", ["-f", `--pid=${process.pid}`, "/dev/null"], { stdio: ["ignore", "inherit", "ignore"] });
  tail.on("error", () => {});
  tail.on("exit", (_code, signal) => {
    if (!stopped && signal === "SIGPIPE") onGone();
  });
  tail.unref();
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stop);
    tail.kill();
  };
  process.on("exit", stop);
  return stop;
}
