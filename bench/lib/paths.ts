// The repository root, found from this file whether it runs as TypeScript (bench/lib) or
// compiled (dist/bench/bench/lib).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "opentt") return dir;
    dir = path.dirname(dir);
  }
  throw new Error("cannot find the opentt repository root");
}
