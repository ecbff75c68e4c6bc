// `npm run fuzz`: the long fuzz run of issue 8 — every target in test/fuzz with ≥ 10,000 cases
// (`npm test` runs the same files with 200). Prints each target's outcome counts; the result of
// the last run is recorded in docs/RELIABILITY.md ("Hostile input").
//   npm run fuzz                      10,000 cases per target
//   npm run fuzz -- 50000             another count
//   HOOKFLOW_FUZZ_SEED=123 npm run fuzz   replay a failure fast-check reported
import { spawnSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const runs = Number(process.argv[2] ?? 10_000);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`The case count must be a positive whole number (got "${process.argv[2]}")`);
  process.exit(2);
}
const started = Date.now();
const result = spawnSync(
  path.join(ROOT, "node_modules/.bin/vitest"),
  ["run", "test/fuzz/", "fuzz.test", "--reporter=default", "--no-file-parallelism"],
  { cwd: ROOT, stdio: "inherit", env: { ...process.env, HOOKFLOW_FUZZ_RUNS: String(runs) } },
);
console.log(
  `\nfuzz: ${runs} cases per target, ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${result.status}`,
);
process.exit(result.status ?? 1);
