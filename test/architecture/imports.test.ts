// The layers of the README/docs/architecture.md as a test: every import in src/ and web/src is
// checked against the table of allowed dependencies, and the file graph has no cycle. Adding a
// dependency means changing ALLOWED here, in review, on purpose.
import { describe, expect, it } from "vitest";
import { findCycles, importsOf, layerOf, sourceFiles } from "./layers.js";

/** layer → the layers it may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  // Every wire shape, the code table, codecs: depends on nothing.
  protocol: [],
  version: [],
  // The `--radio` grammar (hardware/radio/radio-url.ts) lives beside the radios it names.
  config: ["hardware"],
  // Rules, no I/O.
  domain: ["protocol"],
  store: ["domain", "protocol"],
  // The HTTP kit both servers share: the error handler and the JSON parser.
  "http-kit": ["protocol"],
  context: ["domain", "hardware", "sync", "protocol"],
  http: ["context", "domain", "protocol", "http-kit"],
  ws: ["context", "domain", "protocol"],
  discovery: ["context", "config", "protocol"],
  hardware: ["domain", "protocol"],
  webhooks: ["store", "protocol", "http-kit"],
  sync: ["protocol", "http-kit"],
  cloud: ["protocol", "http-kit", "version"],
  sdk: ["protocol"],
  // The client commands use the SDK; `opentt gateway` and `opentt cloud` start the servers.
  // `opentt backup|restore` open the data folder's database themselves (it works with the gateway
  // stopped or stuck; docs/operations.md); `opentt tracker-sim` plays the reference trackers.
  cli: ["sdk", "protocol", "config", "version", "cloud", "gateway", "discovery", "web", "ops", "store", "hardware"],
  // Operating the box: backups, doctor, service unit, logs.
  ops: ["store", "domain", "protocol", "config", "sdk"],
  // src/web/serve.ts serves the built dashboard through the HTTP kit's lazily built app.
  web: ["protocol", "sdk", "http-kit"],
  gateway: [
    "config",
    "context",
    "domain",
    "store",
    "http",
    "ws",
    "discovery",
    "hardware",
    "webhooks",
    "sync",
    "protocol",
    "version",
    "web",
    "ops",
  ],
};

function layerViolations(files: readonly string[], read?: (file: string) => string): string[] {
  const bad: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    const allowed = ALLOWED[from];
    for (const target of importsOf(file, read?.(file))) {
      const to = layerOf(target);
      if (to === from) continue;
      if (!allowed) bad.push(`${file}: layer "${from}" is not in the table`);
      else if (!allowed.includes(to)) bad.push(`${file} imports ${target}: "${from}" may not depend on "${to}"`);
    }
  }
  return bad;
}

const files = [...sourceFiles("src"), ...sourceFiles("web/src")];

describe("layers", () => {
  it("every import follows the table of allowed dependencies", () => {
    expect(layerViolations(files)).toEqual([]);
  });

  it("the import graph has no cycle", () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    expect(findCycles(graph).map((c) => c.join(" → "))).toEqual([]);
  });

  it("would catch a wrong-way import, a dynamic one and a cycle", () => {
    const fake: Record<string, string> = {
      "src/protocol/a.ts": 'import { x } from "../domain/orders.js";',
      "src/cloud/b.ts": 'const m = await import("../http/server.js");',
      "src/sdk/c.ts": 'import type { Store } from "../store/sqlite-store.js";',
      "src/domain/d.ts": '// import { y } from "../http/server.js" (a comment, not an import)',
    };
    expect(layerViolations(Object.keys(fake), (f) => fake[f] as string)).toEqual([
      'src/protocol/a.ts imports src/domain/orders.ts: "protocol" may not depend on "domain"',
      'src/cloud/b.ts imports src/http/server.ts: "cloud" may not depend on "http"',
      'src/sdk/c.ts imports src/store/sqlite-store.ts: "sdk" may not depend on "store"',
    ]);
    const cyclic = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(findCycles(cyclic)).toEqual([["a", "b", "c", "a"]]);
  });
});
