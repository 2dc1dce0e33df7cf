// `npm run bench:cloud [-- --quick] [--gateways N] [--rows N] [--queries N] [--runs N] [--scale-db NAME]`: the cloud benchmark on its own, printed as the runner's
// Markdown table. Set OPENTT_BENCH_PG_URL (or OPENTT_TEST_PG_URL) to measure a real PostgreSQL.
import { parseArgs } from "node:util";
import { benchCloud, CLOUD_FULL, CLOUD_SMOKE, descriptorsNeeded, gatewayWorker } from "./cloud-ingest.js";
import { checkDescriptors } from "./lib/load.js";
import { toMarkdown } from "./lib/result.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      gateways: { type: "string" },
      rows: { type: "string" },
      queries: { type: "string" },
      runs: { type: "string" },
      "scale-db": { type: "string" },
    },
  });
  const sizes = { ...(values.quick ? CLOUD_SMOKE : CLOUD_FULL) };
  if (values.gateways) sizes.gateways = Number(values.gateways);
  if (values.rows) sizes.scaleRows = Number(values.rows);
  if (values.queries) sizes.queries = Number(values.queries);
  if (values.runs) sizes.runs = Math.max(1, Number(values.runs));
  checkDescriptors(descriptorsNeeded(sizes), "the cloud benchmark");
  const r = await benchCloud(sizes, (l) => console.log(l), new URL(import.meta.url), values["scale-db"]);
  console.log(toMarkdown([r]));
  for (const n of r.notes) console.log(`- ${n}`);
}

// This same file is loaded again as the simulated gateways' worker thread.
if (!(await gatewayWorker())) await main();
