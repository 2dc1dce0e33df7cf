// The benchmarks at tiny sizes, in-process, so they cannot rot: each must run to the end and
// report finite figures, and a ratio wherever it has a baseline. No timing thresholds here —
// CI machines are too noisy for that; `npm run bench` measures (bench/README.md). The smoke
// drives load with wrk like the real runs (Debian package, .ci/run installs it), so the write
// cycle's Lua script runs here too; the evening runs for 3 s.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BENCHES } from "../bench/benches.js";
import { createContext, SMOKE_SIZES } from "../bench/lib/context.js";
import { allFinite, type BenchResult, toMarkdown } from "../bench/lib/result.js";

const root = mkdtempSync(path.join(tmpdir(), "opentt-bench-smoke-"));
const ctx = createContext(root, "inline", { ...SMOKE_SIZES }, () => {});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("benchmarks (smoke)", () => {
  for (const [id, run] of BENCHES) {
    it(`benchmark ${id} runs and reports finite figures with ratios`, { timeout: 120_000 }, async () => {
      if (id === "5") {
        // The footprint benchmark times the real CLI, which runs the build (npm test builds first).
        expect(existsSync(path.join("dist", "cli", "main.js")), "run `npm run build` first").toBe(true);
      }
      const r: BenchResult = await run(ctx);
      expect(r.id).toBe(id);
      expect(r.metrics.length).toBeGreaterThan(0);
      expect(allFinite(r), toMarkdown([r])).toBe(true);
      for (const m of r.metrics) {
        if (m.baseline !== undefined) expect(m.ratio, m.name).toBeTypeOf("number");
        if (m.target !== undefined) expect(m.pass, m.name).toBeTypeOf("boolean");
      }
    });
  }
});
