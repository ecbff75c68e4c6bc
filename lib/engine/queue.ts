import { Logger, runMigrations } from "graphile-worker";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";
import { moduleLog } from "@/lib/log";

// The job queue is graphile-worker (docs/decisions.md: chosen over pg-boss on measured pickup
// latency). Jobs are enqueued with SQL on OUR transaction client, so a job exists exactly when the
// data that caused it committed. Jobs carry batches (a list of step or event ids), not one item:
// graphile-worker runs ~1,500 jobs/s per process here, and the end-to-end target is 3,000 events/s
// with two steps each; a batch job amortises the claim, the loads and the commit over its items.

export const ENGINE_TASKS = {
  triggerEvents: "hookflow.trigger_events",
  startJoinRuns: "hookflow.start_join_runs",
  runSteps: "hookflow.run_steps",
  // Event webhooks (lib/event-webhooks): append an ingestion batch's events to the webhooks'
  // open batches; deliver one webhook's due deliveries (one job at a time per webhook queue).
  dispatchEventWebhooks: "hookflow.event_webhooks_dispatch",
  deliverEventWebhook: "hookflow.event_webhook_deliver",
  // Code functions subscribed to metrics (lib/code/dispatch): queue an ingestion batch's
  // invocations under each function's rate limit; run one function for a window of events.
  dispatchCode: "hookflow.code_dispatch",
  invokeCode: "hookflow.code_invoke",
} as const;
export type TEngineTask = (typeof ENGINE_TASKS)[keyof typeof ENGINE_TASKS];

export type TJobSpec = {
  task: TEngineTask;
  payload: unknown;
  runAt?: Date | null;
  jobKey?: string | null;
  maxAttempts?: number;
};

// A job's own retries (graphile-worker's exponential backoff) cover infrastructure failures —
// the database gone mid-commit, a crash; a step's handler failures are retried by the engine's
// own policy (run-steps.ts), recorded per attempt.
export const DEFAULT_MAX_ATTEMPTS = 25;

/** Enqueues jobs in one statement on the caller's transaction. */
export async function enqueueJobs(tx: TPgTx, jobs: readonly TJobSpec[]): Promise<void> {
  if (jobs.length === 0) return;
  await tx.query(
    `select graphile_worker.add_jobs(array(
       select (j.identifier, j.payload, null, coalesce(j.run_at, now()), j.max_attempts, j.job_key, null, null)::graphile_worker.job_spec
       from json_to_recordset($1::json) as j(identifier text, payload json, run_at timestamptz, max_attempts int, job_key text)))`,
    [
      JSON.stringify(
        jobs.map((job) => ({
          identifier: job.task,
          payload: job.payload,
          run_at: job.runAt?.toISOString() ?? null,
          max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          job_key: job.jobKey ?? null,
        })),
      ),
    ],
  );
}

/** Installs or upgrades graphile-worker's own schema (idempotent; run with our migrations). */
export async function migrateQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: queueLogger() });
}

/** graphile-worker's log lines through pino (module "queue"), with its scope as fields. */
export function queueLogger(): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const log = moduleLog("queue");
    const fields = { ...scope, ...(meta as object | undefined) };
    if (level === "error") log.error(fields, message);
    else if (level === "warning") log.warn(fields, message);
    else if (level === "info") log.info(fields, message);
    else log.debug(fields, message);
  });
}
