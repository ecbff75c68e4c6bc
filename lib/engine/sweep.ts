import type pg from "pg";
import { enqueueStepJobs } from "@/lib/engine/create-steps";
import { msSinceDatabaseFailure } from "@/lib/engine/database-health";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { moduleLog } from "@/lib/log";

/** A worker process whose heartbeat is older than this is presumed dead (kill -9, lost machine). */
export const DEFAULT_DEAD_WORKER_MS = 30_000;

/**
 * Recovers work held by processes that died without shutting down. graphile-worker would release
 * a dead worker's jobs only after 4 hours; here, as soon as its heartbeat is stale:
 * 1. its queue workers' job locks are released (graphile_worker.force_unlock_workers), so those
 *    jobs run again (a run_steps job re-claims its own steps by job id);
 * 2. steps whose claim lease expired (a job that lost its commit and never came back) are
 *    scheduled again with a fresh job.
 * Safe to run from any number of processes at once: each row is taken by one DELETE/UPDATE.
 */
export async function sweepEngine(options: { database: pg.Pool; deadWorkerMs?: number; now?: Date }) {
  const now = options.now ?? new Date();
  return withPgTransaction(
    async (tx) => {
      const deadWorkerMs = options.deadWorkerMs ?? DEFAULT_DEAD_WORKER_MS;
      // Right after an outage every heartbeat is stale: judge others only once this process has
      // itself seen the database up for longer than the threshold (database-health.ts).
      const canJudge = msSinceDatabaseFailure(now.getTime()) > deadWorkerMs;
      const dead = canJudge
        ? await tx.query<{ worker_id: string }>(
            "delete from engine_workers where heartbeat_at < $1 returning worker_id",
            [new Date(now.getTime() - deadWorkerMs)],
          )
        : { rows: [] };
      const workerIds = dead.rows.map((row) => row.worker_id);
      if (workerIds.length > 0) {
        await tx.query("select graphile_worker.force_unlock_workers($1::text[])", [workerIds]);
      }
      const expired = await tx.query<{ id: string }>(
        `update steps set status = 'scheduled', claim_job = null, lease_until = null
         where status = 'running' and lease_until < $1 returning id`,
        [now],
      );
      await enqueueStepJobs(
        tx,
        expired.rows.map((row) => ({ id: row.id, runAt: null })),
      );
      if (workerIds.length > 0 || expired.rows.length > 0) {
        moduleLog("engine").warn(
          { deadWorkers: workerIds.length, expiredSteps: expired.rows.length },
          "recovered work of dead workers",
        );
      }
      return { deadWorkers: workerIds.length, expiredSteps: expired.rows.length };
    },
    { database: options.database },
  );
}
