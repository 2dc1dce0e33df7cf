// `npm run bench:cloud [-- --quick]`: the cloud benchmark on its own, printed as the runner's
// Markdown table. Set OPENTT_BENCH_PG_URL (or OPENTT_TEST_PG_URL) to measure a real PostgreSQL.
import { parseArgs } from "node:util";
import { benchCloud, CLOUD_FULL, CLOUD_SMOKE, gatewayWorker } from "./cloud-ingest.js";
import { toMarkdown } from "./lib/result.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, gateways: { type: "string" }, rows: { type: "string" } },
  });
  const sizes = { ...(values.quick ? CLOUD_SMOKE : CLOUD_FULL) };
  if (values.gateways) sizes.gateways = Number(values.gateways);
  if (values.rows) sizes.scaleRows = Number(values.rows);
  const r = await benchCloud(sizes, (l) => console.log(l), new URL(import.meta.url));
  console.log(toMarkdown([r]));
  for (const n of r.notes) console.log(`- ${n}`);
}

// This same file is loaded again as the simulated gateways' worker thread.
if (!(await gatewayWorker())) await main();
