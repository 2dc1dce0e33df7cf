#!/usr/bin/env -S node --min-semi-space-size=16 --max-semi-space-size=16
// The flags fix V8's young generation at its default maximum (16 MiB a semi-space) from the start.
// Left to itself V8 resizes it between 1 and 16 MiB as the load changes, and the gateway's RSS
// swung by up to ~25 MiB with it in the soak (bench/README-soak.md); fixed, RSS stays level, and
// it is never smaller than the default under load (a young generation capped small promoted
// short-lived data and grew the old space instead). `npm start` passes the same flags
// (test/process/node-flags.test.ts keeps the two equal); the benchmarks read them from here.
// Entry point: runs the compiled CLI in dist/ (built by `npm ci`/`npm run build`).
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("opentt is not built: run `npm ci` (or `npm run build`) in the project folder first.\n");
  process.exit(2);
}
const { main } = await import(entry.href);
await main(process.argv);
