// The browser entry bundles for the browser with nothing from Node: no node: modules, no `ws`,
// no discovery. esbuild fails the build on any such import when targeting the browser.
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

describe("opentt/sdk browser entry", () => {
  it("bundles for the browser without Node-only imports", async () => {
    const result = await build({
      entryPoints: [path.resolve("src/sdk/index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.includes("src/sdk/client.ts"))).toBe(true);
    expect(inputs.filter((f) => /node_modules|discovery|node-socket|token-file|mdns/.test(f))).toEqual([]);
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).not.toMatch(/from\s+["']node:|require\(/);
  });
});
