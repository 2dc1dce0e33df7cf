// `opentt button`: presses the button of a gateway on this machine (POST /admin/button).
import type { Command } from "commander";

export function registerButtonCommand(program: Command): void {
  program
    .command("button")
    .description("press the gateway button: opens the 120 s token window (works on the gateway box only)")
    .option("--gateway <url>", "gateway URL", process.env.OPENTT_GATEWAY ?? "http://127.0.0.1:8000")
    .action(async (flags: { gateway: string }) => {
      const url = new URL("/admin/button", flags.gateway);
      let res: Response;
      try {
        res = await fetch(url, { method: "POST", signal: AbortSignal.timeout(10_000) });
      } catch (e) {
        process.stderr.write(
          `Cannot reach the gateway at ${flags.gateway}: ${(e as Error).message}\nIs it running? Pass --gateway URL.\n`,
        );
        process.exitCode = 3;
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { message?: string; windowSeconds?: number };
      if (!res.ok) {
        process.stderr.write(`The gateway refused: ${body.message ?? res.status}\n`);
        process.exitCode = 4;
        return;
      }
      process.stdout.write(`Button pressed: the token window is open for ${body.windowSeconds ?? 120} s.\n`);
    });
}
