// The repository root, found from this file whether it runs as TypeScript (bench/lib) or
// compiled (dist/bench/bench/lib).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { nodeFlagsOf } from "../../src/ops/node-flags.js";

export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "opentt") return dir;
    dir = path.dirname(dir);
  }
  throw new Error("cannot find the opentt repository root");
}

/**
 * The Node flags the gateway is run with: those of bin/opentt.js's `#!/usr/bin/env -S node …`
 * line, so every benchmark starts the gateway as `opentt` and `npm start` do.
 */
export function gatewayNodeFlags(): string[] {
  return nodeFlagsOf(path.join(repoRoot(), "bin", "opentt.js"));
}
