// `npm run worker`: a long-running engine worker process (queue workers + scheduler) for
// deployments that separate web and workers, or add workers (docs/DEPLOYMENT.md). Any number may
// run against one PostgreSQL. SIGTERM/SIGINT: stop taking jobs, finish the running ones, leave.
// Uses DATABASE_URL, or the embedded PostgreSQL of this checkout's data folder (shared with
// `npm start` if it is running; started otherwise). Applies pending migrations first (idempotent,
// serialised by the migration tools' own locks).
import { ensureConfiguredDatabase, loadConfig, migrateDeploy } from "@/lib/db/bootstrap";
import { createDatabase } from "@/lib/db/prisma";
import { startEngine } from "@/lib/engine/start-engine";
import { moduleLog } from "@/lib/log";

async function main() {
  const { config, dataDir } = loadConfig();
  const handle = await ensureConfiguredDatabase(config, dataDir, "hookflow", { isSupervised: true });
  await migrateDeploy(handle.url, { quiet: true });
  const database = createDatabase(handle.url, config.HOOKFLOW_WORKER_CONCURRENCY + 4);
  (globalThis as { hookflowDb?: typeof database }).hookflowDb = database;
  const engine = await startEngine({
    database: database.pool,
    concurrency: config.HOOKFLOW_WORKER_CONCURRENCY,
  });
  const log = moduleLog("worker");
  log.info({ processId: engine.processId }, "worker running; SIGTERM stops it gracefully");

  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    handle.server?.stopSupervising();
    log.info("stopping: finishing running jobs");
    await engine.stop();
    await database.pool.end();
    await database.prisma.$disconnect();
    await handle.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error) => {
  console.error(
    `[hookflow worker] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
