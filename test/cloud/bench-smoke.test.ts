// The cloud benchmark at tiny sizes, so it cannot rot: it must run to the end on this engine and
// report finite figures with ratios. No timing thresholds: `npm run bench:cloud` measures.
import { describe, expect, it } from "vitest";
import { benchCloud, CLOUD_SMOKE } from "../../bench/cloud-ingest.js";
import { allFinite, toMarkdown } from "../../bench/lib/result.js";
import { ENGINE } from "./helpers.js";

describe(`cloud benchmark (smoke, ${ENGINE})`, () => {
  it("ingests from every simulated gateway, fills the table and queries a site's month", {
    timeout: 180_000,
  }, async () => {
    const r = await benchCloud(CLOUD_SMOKE);
    // ingest against the raw upsert and the grouped raw upsert, month query p99 and p50 (each
    // beside bare SQL), disk per million orders
    expect(r.metrics).toHaveLength(5);
    expect(allFinite(r), toMarkdown([r])).toBe(true);
    for (const m of r.metrics) expect(m.value, m.name).toBeGreaterThan(0);
    for (const m of r.metrics.slice(0, 4)) expect(m.ratio, m.name).toBeTypeOf("number");
    expect(r.metrics[0]?.pass).toBeTypeOf("boolean");
    expect(r.metrics[2]?.pass).toBeTypeOf("boolean");
  });
});
