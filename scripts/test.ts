// `npm test`: every check the project has, in the order that fails fastest: native parts,
// Prisma client, typecheck, lint, unit + integration tests (Vitest on a real PostgreSQL), the
// production build, then Playwright in Debian's Chromium. Ends with one summary line.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { SCHEMA_ENGINE_SHIM } from "@/lib/db/bootstrap";

const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(ROOT, "node_modules/.bin", name);
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || SCHEMA_ENGINE_SHIM,
};
const skipE2e = process.argv.includes("--no-e2e");

function stage(name: string, command: string, args: string[]): void {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n${name} failed after ${seconds}s`);
    summarize();
    process.exit(result.status ?? 1);
  }
  console.log(`--- ${name}: ok in ${seconds}s`);
}

function ensureChromium(): void {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(chromium)) return;
  const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) {
    console.error(
      `Chromium was not found at ${chromium}. Install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  stage("install Debian's chromium", "bash", [
    "-c",
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null",
  ]);
}

type Counts = { passed: number; failed: number; skipped: number };

function summarize(): void {
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const vitest = readJson(path.join(ROOT, "reports/vitest.json"));
  if (vitest) {
    total.passed += vitest.numPassedTests ?? 0;
    total.failed += vitest.numFailedTests ?? 0;
    total.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  }
  const e2e = readJson(path.join(ROOT, "reports/e2e.json"));
  if (e2e?.stats) {
    total.passed += e2e.stats.expected ?? 0;
    total.failed += (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0);
    total.skipped += e2e.stats.skipped ?? 0;
  }
  console.log(`\ntotal: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
}

function readJson(file: string) {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
}

// Our summaries live apart from test-results/, which Playwright empties when it starts.
rmSync(path.join(ROOT, "reports"), { recursive: true, force: true });
stage("native dependencies", process.execPath, ["scripts/check-native.mjs"]);
stage("prisma generate", process.execPath, ["scripts/prisma-generate.mjs"]);
stage("typecheck", bin("tsc"), ["--noEmit"]);
stage("lint", bin("biome"), ["check", "."]);
stage("unit and integration tests", bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=reports/vitest.json",
]);
if (!skipE2e) {
  stage("production build", bin("next"), ["build"]);
  ensureChromium();
  stage("end-to-end tests (Playwright, Chromium)", bin("playwright"), ["test"]);
}
summarize();
