// The Node flags the gateway runs with live on one line: bin/opentt.js's
// `#!/usr/bin/env -S node …` shebang. The systemd unit, the Dockerfile recipe and the benchmarks
// read them from there, so they cannot drift from what `opentt` itself runs with.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** bin/opentt.js, found from this file (src/ops as TypeScript, dist/ops compiled). */
export const BIN_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/opentt.js");

export function nodeFlagsOf(binFile = BIN_FILE): string[] {
  const first = readFileSync(binFile, "utf8").split("\n", 1)[0] ?? "";
  const m = /^#!\/usr\/bin\/env -S node(.*)$/.exec(first);
  return m?.[1] ? m[1].trim().split(/\s+/) : [];
}
