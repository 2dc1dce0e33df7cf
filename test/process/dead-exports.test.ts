// No dead exports (issue 15.7): knip (knip.jsonc) lists every export of src/, web/src, bench/ and
// scripts/ that nothing imports; the published SDK's entry files are public API and exempt. A new
// unused export fails here, so CI fails on it.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const knip = path.join(root, "node_modules/knip/bin/knip.js");
const run = (dir: string) =>
  spawnSync(
    process.execPath,
    [knip, "--directory", dir, "--include", "exports,types,nsExports,nsTypes,enumMembers", "--no-progress"],
    { cwd: dir, encoding: "utf8" },
  );

describe("dead exports", () => {
  it("none in the tree (npm run knip)", () => {
    const r = run(root);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);

  it("the check names an export nothing imports, and passes one that is imported", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "opentt-knip-"));
    try {
      mkdirSync(path.join(dir, "src"));
      writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "fixture", type: "module" }));
      writeFileSync(path.join(dir, "knip.json"), JSON.stringify({ entry: ["src/main.ts"], project: ["src/**/*.ts"] }));
      writeFileSync(path.join(dir, "src/main.ts"), 'import { used } from "./lib.js";\nconsole.log(used);\n');
      writeFileSync(path.join(dir, "src/lib.ts"), "export const used = 1;\nexport const forgotten = 2;\n");
      const r = run(dir);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/forgotten\s+src\/lib\.ts/);
      expect(r.stdout).not.toMatch(/\bused\b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
