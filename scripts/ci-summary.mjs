// Sums the vitest JSON report and the conformance kit's last line into the one plain line CI
// reads: `N passed, N failed`. A stage that failed before reporting counts as one failure.
import { existsSync, readFileSync } from "node:fs";

const [reportPath, confLog, testStatus, confStatus] = process.argv.slice(2);
let passed = 0;
let failed = 0;

if (reportPath && existsSync(reportPath)) {
  const r = JSON.parse(readFileSync(reportPath, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests ?? 0} skipped`);
  if (testStatus !== "0" && (r.numFailedTests ?? 0) === 0) {
    console.log("npm test exited non-zero without a failed test (a suite failed to load?)");
    failed += 1;
  }
} else {
  console.log("npm test produced no vitest report: build, typecheck, lint or format check failed");
  failed += 1;
}

const tail = confLog && existsSync(confLog) ? readFileSync(confLog, "utf8").trim().split("\n").pop() : "";
const m = /^(\d+) passed, (\d+) failed/.exec(tail ?? "");
if (m) {
  passed += Number(m[1]);
  failed += Number(m[2]);
  console.log(`conformance: ${m[1]} passed, ${m[2]} failed`);
} else {
  console.log("conformance kit printed no summary");
  failed += 1;
}
if (confStatus !== "0" && m && Number(m[2]) === 0) failed += 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
