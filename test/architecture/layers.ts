// The import graph of src/ and web/src, read from the source text: which file imports which,
// each file's layer, and the cycles. Shared by the layer test and nothing else.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** Static, type-only, re-export and dynamic imports of relative paths. */
const IMPORT_RE = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.ts$/.test(e.name) && !/\.(test|d)\.ts$/.test(e.name)) out.push(rel);
  }
  return out;
}

/** Relative imports of a file, resolved to repository paths (`.js` → `.ts`). */
export function importsOf(file: string, text = readFileSync(path.join(ROOT, file), "utf8")): string[] {
  // Comments may quote an import; they are not dependencies.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const out: string[] = [];
  for (const m of code.matchAll(IMPORT_RE)) {
    const spec = m[1] as string;
    out.push(path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, ".ts"));
  }
  return out;
}

/** src/<dir>/… → <dir>; src/<file>.ts → <file>; web/src/… → web; anything else → outside. */
export function layerOf(file: string): string {
  const parts = file.split(path.sep);
  if (parts[0] === "web") return "web";
  if (parts[0] !== "src") return "outside";
  return parts.length === 2 ? (parts[1] as string).replace(/\.ts$/, "") : (parts[1] as string);
}

/** Every elementary cycle's first occurrence, as a path of files (depth-first search). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === "open") cycles.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return cycles;
}
