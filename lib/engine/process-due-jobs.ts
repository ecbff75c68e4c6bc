import { EventEmitter } from "node:events";
import { run, type WorkerEvents } from "graphile-worker";
import type pg from "pg";
import { queueLogger } from "@/lib/engine/queue";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { engineTaskList } from "@/lib/engine/worker";

const IDLE_CHECK_MS = 200;

/**
 * Works through due jobs for at most `budgetMs`, then returns what it did: the cron route's way of
 * driving the engine where no long-running worker exists (a platform cron calling every minute).
 * Stops early once no job is due and none is running. Jobs still running when the budget ends are
 * finished (graceful stop), so a job is never abandoned half-done by the cron route itself.
 */
export async function processDueJobs(options: {
  database: pg.Pool;
  handlers: TStepHandlers;
  budgetMs: number;
  concurrency?: number;
}): Promise<{ succeeded: number; failed: number }> {
  let succeeded = 0;
  let failed = 0;
  let active = 0;
  const events = new EventEmitter() as WorkerEvents;
  events.on("job:start", () => active++);
  events.on("job:success", () => {
    active--;
    succeeded++;
  });
  events.on("job:error", () => {
    active--;
    failed++;
  });
  const runner = await run({
    pgPool: options.database,
    taskList: engineTaskList({ database: options.database, handlers: options.handlers }),
    concurrency: options.concurrency ?? 2,
    pollInterval: IDLE_CHECK_MS,
    noHandleSignals: true,
    logger: queueLogger(),
    events,
  });
  const deadline = Date.now() + options.budgetMs;
  try {
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, IDLE_CHECK_MS));
      if (active > 0) continue;
      const due = await options.database.query<{ due: boolean }>(
        `select exists (select 1 from graphile_worker._private_jobs
                        where is_available and run_at <= now() and locked_at is null) as due`,
      );
      if (!due.rows[0]?.due) break;
    }
  } finally {
    await runner.stop();
  }
  return { succeeded, failed };
}
