import { ENGINE_TASKS } from "@/lib/engine/queue";
import type { TCommittedEvent } from "@/lib/ingestion/on-events-committed";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";
import { CODE_FORBIDDEN_METRICS } from "@/lib/metrics/message-metrics";

export const CODE_DISPATCH_KEY_PREFIX = `${ENGINE_TASKS.dispatchCode}:`;

/**
 * Called by onEventsCommitted inside the ingestion transaction: ONE statement that enqueues one
 * code dispatch job for the batch, and only when a deployed function subscribes to one of its
 * metrics (an index probe of code_function_topics by metric). Opened Email and Received Email
 * never invoke code (seed rule); backfilled events neither (historical data, like flows).
 * The job key (the batch's first event id) lets the job mark itself done in its own commit.
 */
export async function enqueueCodeDispatch(tx: TPgTx, events: readonly TCommittedEvent[]): Promise<void> {
  const live = events.filter(
    (event) => !event.isBackfill && !CODE_FORBIDDEN_METRICS.includes(event.metricName),
  );
  if (live.length === 0) return;
  await tx.query({
    name: "hookflow_enqueue_code_dispatch",
    text: `select graphile_worker.add_job($1, json_build_object('eventIds', $2::uuid[]), job_key := $3, max_attempts := 25)
           where exists (select 1 from code_function_topics t join code_functions f on f.id = t.function_id
                         where f.deployed_version_id is not null and t.metric_id = any($4::uuid[]))`,
    values: [
      ENGINE_TASKS.dispatchCode,
      live.map((event) => event.id),
      `${CODE_DISPATCH_KEY_PREFIX}${live[0]!.id}`,
      [...new Set(live.map((event) => event.metricId))],
    ],
  });
}
