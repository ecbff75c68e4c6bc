import { ENGINE_TASKS } from "@/lib/engine/queue";
import type { TCommittedEvent } from "@/lib/ingestion/on-events-committed";
import { CODE_FORBIDDEN_METRICS } from "@/lib/metrics/message-metrics";

export const CODE_DISPATCH_KEY_PREFIX = `${ENGINE_TASKS.dispatchCode}:`;

/**
 * The code dispatch job of an ingestion batch, as SQL parameters: onEventsCommitted enqueues it
 * (in the same statement as the trigger job) only when a deployed function subscribes to one of
 * its metrics (an index probe of code_function_topics by metric). Opened Email and Received Email
 * never invoke code (seed rule); backfilled events neither (historical data, like flows).
 * The job key (the batch's first event id) lets the job mark itself done in its own commit.
 */
export function codeDispatchParams(events: readonly TCommittedEvent[]): {
  eventIds: string[];
  jobKey: string | null;
  metricIds: string[];
} {
  const live = events.filter(
    (event) => !event.isBackfill && !CODE_FORBIDDEN_METRICS.includes(event.metricName),
  );
  return {
    eventIds: live.map((event) => event.id),
    jobKey: live[0] ? `${CODE_DISPATCH_KEY_PREFIX}${live[0].id}` : null,
    metricIds: [...new Set(live.map((event) => event.metricId))],
  };
}

/** The statement's part for code (parameters $4–$7 of onEventsCommitted's statement). */
export const ENQUEUE_CODE_DISPATCH_SQL = `(select graphile_worker.add_job($4, json_build_object('eventIds', $5::uuid[]), job_key := $6, max_attempts := 25)
   where cardinality($5::uuid[]) > 0
     and exists (select 1 from code_function_topics t join code_functions f on f.id = t.function_id
                 where f.deployed_version_id is not null and t.metric_id = any($7::uuid[])))`;
