// Entry of a benchmark server process: starts one server kind, reports "ready" with its info
// over IPC, answers commands, and exits on "stop" or when the parent goes away.
import { SERVER_KINDS, type ServerKind, startKind } from "./kinds.js";

interface CallMessage {
  type: "call";
  id: number;
  cmd: string;
  args: Record<string, unknown>;
}

const [kind, optsJson] = process.argv.slice(2);
if (!SERVER_KINDS.includes(kind as ServerKind) || !process.send) {
  console.error(`usage: (forked) child.js <${SERVER_KINDS.join("|")}> <opts json>`);
  process.exit(2);
}
const send = (m: unknown) => process.send?.(m);
const hosted = await startKind(kind as ServerKind, JSON.parse(optsJson ?? "{}") as Record<string, unknown>);
process.on("disconnect", () => process.exit(0));
process.on("message", async (m: CallMessage | { type: "stop" }) => {
  if (m.type === "stop") {
    await hosted.stop().catch(() => {});
    send({ type: "stopped" });
    process.exit(0);
  }
  try {
    const fn = hosted.commands[m.cmd];
    if (!fn) throw new Error(`unknown command ${m.cmd}`);
    send({ type: "result", id: m.id, result: await fn(m.args) });
  } catch (e) {
    send({ type: "result", id: m.id, error: String(e) });
  }
});
send({ type: "ready", info: hosted.info });
