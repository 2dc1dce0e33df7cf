#!/usr/bin/env -S node --max-semi-space-size=2
// The flag caps V8's young generation at 2 MiB a semi-space (the default grows it to 16): on the
// soak's load that keeps the gateway ~25 MiB smaller and steady instead of stepping up and down
// by as much, at no measured CPU cost (bench/README-soak.md). `npm start` passes the same flags
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
