// Every installed package supports the Node running the tests (Node 20 in CI): what npm's
// EBADENGINE warning checks, as a failing test (scripts/check-engines.mjs; .ci/run also fails when
// `npm ci` prints EBADENGINE).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const script = path.join(root, "scripts/check-engines.mjs");
const check = (dir?: string) =>
  spawnSync(process.execPath, [script, ...(dir ? [dir] : [])], { cwd: root, encoding: "utf8" });

describe("dependency engines", () => {
  it("no installed package wants another Node or npm than this one", () => {
    const r = check();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("the check names a package that wants a newer Node, nested or scoped", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "opentt-engines-"));
    try {
      const pkg = (rel: string, name: string, engines: Record<string, string>) => {
        mkdirSync(path.join(dir, rel), { recursive: true });
        writeFileSync(path.join(dir, rel, "package.json"), JSON.stringify({ name, version: "1.0.0", engines }));
      };
      pkg("node_modules/fine", "fine", { node: ">=18" });
      pkg("node_modules/@scope/parent/node_modules/too-new", "too-new", { node: ">=99" });
      const r = check(dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/too-new@1\.0\.0 .* wants node >=99/);
      expect(r.stderr).not.toMatch(/fine@/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
