// The server Playwright tests run against: `npm start` on a fresh data folder (its own embedded
// PostgreSQL), a port of its own, and the demo seed off, so every e2e run starts from nothing.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { clusterDirFor } from "@/lib/db/embedded-postgres";

const ROOT = path.resolve(import.meta.dirname, "..");
const dataDir = path.join(ROOT, ".data/e2e");
rmSync(dataDir, { recursive: true, force: true });
rmSync(clusterDirFor(path.join(dataDir, "postgres")), { recursive: true, force: true });

const env: NodeJS.ProcessEnv = {
  ...process.env,
  HOOKFLOW_DATA_DIR: dataDir,
  HOOKFLOW_DEMO: "0",
  // e2e tests run webhook receivers on this machine's loopback; nothing else private is allowed.
  HOOKFLOW_WEBHOOK_ALLOWLIST: "127.0.0.1/32",
  NODE_ENV: "production",
};
delete env.DATABASE_URL;
if (process.env.HOOKFLOW_E2E_DATABASE_URL) env.DATABASE_URL = process.env.HOOKFLOW_E2E_DATABASE_URL;

const child = spawn(
  process.execPath,
  [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"],
  {
    cwd: ROOT,
    stdio: "inherit",
    env,
  },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
