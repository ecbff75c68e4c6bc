import type pg from "pg";
import { closeCodeRuntime } from "@/lib/code/runtime";
import { startScheduler } from "@/lib/engine/scheduler";
import { startEngineWorker, type TWorkerOptions } from "@/lib/engine/worker";

/**
 * Everything a worker process runs: queue workers plus the scheduler (sweeper, date scan). Used by
 * `npm run worker` and, unless HOOKFLOW_WORKER=0, by the web process itself.
 */
export async function startEngine(
  options: { database: pg.Pool; concurrency: number } & Partial<TWorkerOptions>,
) {
  const worker = await startEngineWorker(options);
  const scheduler = startScheduler({ database: options.database });
  return {
    processId: worker.processId,
    /** Graceful: running jobs finish (or return to the queue), nothing new is taken. */
    async stop() {
      scheduler.stop();
      await worker.stop();
      // After the jobs finished: their invocations ran to the end; then the runner processes go.
      await closeCodeRuntime();
    },
  };
}
