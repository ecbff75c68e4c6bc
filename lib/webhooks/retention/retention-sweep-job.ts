import type { Task } from "graphile-worker";
import type pg from "pg";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";
import { moduleLog } from "@/lib/log";
import { sweepWebhookRetention } from "@/lib/webhooks/retention/sweep-webhook-retention";

// The retention sweep runs as one graphile-worker job that schedules its own next run (job key:
// at most one waiting sweep, whichever process runs it), so it needs no scheduler of its own and
// works wherever the queue is worked — worker processes and the cron route alike. Every process
// that records webhook attempts makes sure the job exists once (ensureRetentionSweepScheduled):
// a sweep job that failed for good is re-created by the next process start.

export const RETENTION_SWEEP_TASK = "hookflow.webhook_retention_sweep";
const JOB_KEY = "hookflow:webhook-retention-sweep";
export const RETENTION_SWEEP_EVERY_MS = 60 * 60_000;
/** A sweep that stopped at its budget runs again this soon. */
export const RETENTION_SWEEP_AGAIN_MS = 60_000;

/** Schedules the sweep; "preserve" keeps a waiting job's time (ensuring must not postpone it). */
export async function scheduleRetentionSweep(
  db: TPgTx,
  options: { runAt: Date; mode: "replace" | "preserve" },
): Promise<void> {
  await db.query(
    `select graphile_worker.add_job($1, '{}'::json, run_at := $2, max_attempts := 5, job_key := $3,
                                    job_key_mode := $4)`,
    [
      RETENTION_SWEEP_TASK,
      options.runAt,
      JOB_KEY,
      options.mode === "replace" ? "replace" : "preserve_run_at",
    ],
  );
}

const ensured = new WeakSet<pg.Pool>();

/** Once per process and database: the sweep job exists (due now when it did not). */
export async function ensureRetentionSweepScheduled(database: pg.Pool): Promise<void> {
  if (ensured.has(database)) return;
  await scheduleRetentionSweep(database, { runAt: new Date(), mode: "preserve" });
  ensured.add(database);
}

/** The job: one bounded sweep, then the next run (sooner when rows were left). */
export function retentionSweepTask(options: { database: pg.Pool; now?: () => Date }): Task {
  return async () => {
    const now = options.now?.() ?? new Date();
    const result = await sweepWebhookRetention({ database: options.database, now });
    if (result.deleted > 0) moduleLog("webhooks").info(result, "webhook retention: old deliveries deleted");
    const delayMs = result.hasMore ? RETENTION_SWEEP_AGAIN_MS : RETENTION_SWEEP_EVERY_MS;
    await scheduleRetentionSweep(options.database, {
      runAt: new Date(now.getTime() + delayMs),
      mode: "replace",
    });
  };
}
