import { codeDispatchParams, ENQUEUE_CODE_DISPATCH_SQL } from "@/lib/code/dispatch/enqueue-code-dispatch";
import { ENGINE_TASKS } from "@/lib/engine/queue";
import { enqueueEventWebhookDispatch } from "@/lib/event-webhooks/enqueue-dispatch";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export type TCommittedEvent = {
  id: string;
  workspaceId: string;
  metricId: string;
  metricName: string;
  isMessageMetric: boolean;
  profileId: string;
  time: Date;
  uniqueId: string;
  properties: Record<string, unknown>;
  value: number | null;
  valueCurrency: string | null;
  /** Klaviyo's `backfill`: historical data that must not start flows (not stored; passed here). */
  isBackfill: boolean;
  /** Length of the code write-back chain that produced the event (absent/0 from the API). */
  depth?: number;
};

/**
 * THE hook between ingestion and the execution engine. Called with every newly stored event
 * (repeated unique_ids excluded) INSIDE the transaction that stores them, just before COMMIT:
 * whatever is written through `tx` commits or rolls back together with the events, and the API
 * answers 202 only after that commit. It enqueues ONE trigger_events job for the batch — and only
 * when some flow is listening for one of its metrics (one statement, one round trip): the job
 * starts the runs off the ingestion hot path. Message metrics never start flows (seed rule);
 * backfilled events (Klaviyo's `backfill`) start nothing.
 * Event webhooks: one more statement finding the enabled webhooks subscribed to the batch's
 * metrics (message metrics included; backfills skipped); only when some are: their sealed
 * deliveries (batches due at once) and a pg_notify, or one dispatch job (windowed batches).
 * Code functions: in the trigger job's statement, one code dispatch job only when a deployed
 * function subscribes to one of its metrics (never Opened/Received Email; backfills skipped).
 */
export async function onEventsCommitted(tx: TPgTx, events: readonly TCommittedEvent[]): Promise<void> {
  await enqueueEventWebhookDispatch(tx, events);
  const triggering = events.filter((event) => !event.isBackfill && !event.isMessageMetric);
  const code = codeDispatchParams(events);
  if (triggering.length === 0 && code.eventIds.length === 0) return;
  // The trigger job and the code dispatch job in ONE named statement: one round trip inside the
  // ingestion transaction (not two), planned once per connection.
  await tx.query({
    name: "hookflow_enqueue_engine_jobs",
    text: `select
      (select graphile_worker.add_job($1, json_build_object('eventIds', $2::uuid[]), max_attempts := 25)
         where cardinality($2::uuid[]) > 0
           and exists (select 1 from flows where status in ('live', 'manual') and trigger_type = 'metric-trigger'
                       and trigger_ref = any($3::text[]))) is not null as triggered,
      ${ENQUEUE_CODE_DISPATCH_SQL} is not null as dispatched_code`,
    values: [
      ENGINE_TASKS.triggerEvents,
      triggering.map((event) => event.id),
      [...new Set(triggering.map((event) => event.metricId))],
      ENGINE_TASKS.dispatchCode,
      code.eventIds,
      code.jobKey,
      code.metricIds,
    ],
  });
}
