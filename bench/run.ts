// `npm run bench`: runs the benchmarks (all, or --only 1,3), each beside its baseline, and
// prints a Markdown results table with the machine it ran on. --quick uses tiny sizes (the
// same ones as the CI smoke test); --runs N overrides the number of rounds; --minutes M the
// length of the evening benchmark; --out FILE also writes the table there. Scratch data lives in a temporary folder, removed at the end.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { BENCHES } from "./benches.js";
import { createContext, FULL_SIZES, SMOKE_SIZES } from "./lib/context.js";
import { pin } from "./lib/load.js";
import { type BenchResult, toMarkdown } from "./lib/result.js";

function machine(): string {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  };
  const mem = sh("free", ["-h"]).split("\n")[1]?.trim().split(/\s+/)[1] ?? "?";
  return `${sh("nproc", ["--all"])} cores (nproc --all), ${mem} RAM (free -h), ${os.cpus()[0]?.model ?? "?"}, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      runs: { type: "string" },
      out: { type: "string" },
      minutes: { type: "string" },
    },
  });
  const sizes = { ...(values.quick ? SMOKE_SIZES : FULL_SIZES) };
  if (values.runs) sizes.runs = Math.max(1, Number(values.runs));
  if (values.minutes) sizes.eveningMinutes = Math.max(0.05, Number(values.minutes));
  const only = values.only?.split(",").map((s) => s.trim());
  const root = mkdtempSync(path.join(os.tmpdir(), "opentt-bench-"));
  const ctx = createContext(root, "child", sizes, (l) => console.log(l));
  // The load generators in this process share the client core with wrk, never the server's.
  pin(process.pid, ctx.cores.client);
  const results: BenchResult[] = [];
  const failed: string[] = [];
  const started = new Date();
  try {
    for (const [id, fn] of BENCHES) {
      if (only && !only.includes(id)) continue;
      console.log(`benchmark ${id}…`);
      try {
        const r = await fn(ctx);
        results.push(r);
        console.log(toMarkdown([r]));
      } catch (e) {
        // One broken benchmark must not cost the others' figures.
        failed.push(`${id}: ${e instanceof Error ? e.message : String(e)}`);
        console.error(`benchmark ${id} failed:`, e);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const args = process.argv.slice(2).join(" ");
  const report = [
    `Run ${started.toISOString()} with \`npm run bench${args ? ` -- ${args}` : ""}\` on ${machine()}.`,
    "",
    toMarkdown(results),
    "",
    ...results.flatMap((r) => [`- **${r.id}. ${r.title}** — baseline: ${r.baseline}. ${r.notes.join(" ")}`]),
    "",
  ].join("\n");
  console.log(`\n${report}`);
  if (values.out) writeFileSync(values.out, report);
  const missed = results.flatMap((r) => r.metrics.filter((m) => m.pass === false).map((m) => `${r.id}: ${m.name}`));
  if (missed.length) console.log(`targets missed:\n  ${missed.join("\n  ")}`);
  if (failed.length) {
    console.log(`benchmarks failed:\n  ${failed.join("\n  ")}`);
    process.exitCode = 1;
  }
}

await main();
