// Issue 14.5: a gateway that does not answer is "cannot reach <url>: <reason>", exit 3, for every
// command that talks to a gateway — never "no access token" because the token lookup could not ask
// the gateway its serial. The commands are read from the program itself, so new ones are covered.
import { createServer } from "node:net";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes.js";
import { buildProgram } from "../../src/cli/main.js";
import { TokenFile } from "../../src/sdk/token-file.js";
import { cli, tempTokenFile } from "./run.js";

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every command (leaf of the tree) that takes --gateway, with a placeholder for each argument. */
async function gatewayCommands(): Promise<string[][]> {
  const out: string[][] = [];
  const walk = (cmd: Command, path: string[]) => {
    if (cmd.commands.length > 0) {
      for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
      return;
    }
    if (!cmd.options.some((o) => o.long === "--gateway")) return;
    // Valid placeholders, so no command stops at a usage error before it talks to the gateway.
    const args = cmd.registeredArguments.filter((a) => a.required).map((a) => (a.name().includes("=") ? "k=7" : "7"));
    const confirm = cmd.options.some((o) => o.long === "--yes") ? ["--yes"] : [];
    out.push([...path, ...args, ...confirm]);
  };
  walk(await buildProgram(), []);
  return out;
}

const commands = await gatewayCommands();

describe("an unreachable gateway", () => {
  it("covers the commands that talk to a gateway", () => {
    const names = commands.map((c) => c.filter((w) => !/^(7|k=7|--yes)$/.test(w)).join(" "));
    for (const c of ["orders", "button", "token", "tokens list", "status", "watch", "sim start", "sim clock"])
      expect(names).toContain(c);
  });

  it.each(commands.map((c) => [c.join(" "), c]))("`%s` says cannot reach, exit 3", async (_name, argv) => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const file = tempTokenFile();
    // A saved token for another gateway, as on a machine that has enrolled before.
    new TokenFile(file).save({ token: "a".repeat(48), name: "pos", url: "http://192.0.2.1:8000", serial: "X" });
    const r = await cli([...(argv as string[]), "--gateway", url], { OPENTT_TOKEN_FILE: file });
    expect(r.err).toMatch(new RegExp(`^opentt: Cannot reach the gateway at ${url}: connect ECONNREFUSED`));
    expect(r.code).toBe(EXIT.UNREACHABLE);
  });

  it("by default (no --gateway) the box-only commands name the local port and how to change it", async () => {
    const port = await closedPort();
    const r = await cli(["button"], { OPENTT_PORT: String(port) });
    expect(r.code).toBe(EXIT.UNREACHABLE);
    expect(r.err).toContain(`Cannot reach the gateway at http://127.0.0.1:${port}`);
    expect(r.err).toMatch(/OPENTT_PORT or --gateway/);
  });
});
