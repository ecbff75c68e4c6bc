import type pg from "pg";
import { ENGINE_TASKS } from "@/lib/engine/queue";
import { dispatchEventWebhooks } from "@/lib/event-webhooks/dispatch-events";

/**
 * Runs, as the worker would (payload and job key), the dispatch jobs that ingestion enqueued for
 * any of `eventIds`. Webhooks whose batches are due at once need none: ingestion inserted their
 * deliveries itself (enqueue-dispatch.ts). Returns how many jobs ran.
 */
export async function runDispatchJobs(
  database: pg.Pool,
  eventIds: readonly string[],
  now?: () => Date,
): Promise<number> {
  const jobs = await database.query<{ key: string; payload: { eventIds: string[]; webhookIds?: string[] } }>(
    `select j.key, j.payload from graphile_worker._private_jobs j
     join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = $1 and (j.payload::jsonb)->'eventIds' ?| $2::text[]
     order by j.id`,
    [ENGINE_TASKS.dispatchEventWebhooks, eventIds],
  );
  for (const job of jobs.rows) {
    await dispatchEventWebhooks({
      eventIds: job.payload.eventIds,
      webhookIds: job.payload.webhookIds,
      jobKey: job.key,
      database,
      now,
    });
  }
  return jobs.rows.length;
}
