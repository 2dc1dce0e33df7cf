#!/usr/bin/env node
// Entry point: runs the compiled CLI in dist/ (built by `npm ci`/`npm run build`).
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("opentt is not built: run `npm ci` (or `npm run build`) in the project folder first.\n");
  process.exit(2);
}
const { main } = await import(entry.href);
await main(process.argv);
