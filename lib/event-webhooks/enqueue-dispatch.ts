import { ENGINE_TASKS } from "@/lib/engine/queue";
import { insertDeliveries, type TNewDelivery } from "@/lib/event-webhooks/insert-deliveries";
import { buildBatchDocuments } from "@/lib/event-webhooks/seal-batches";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import type { TCommittedEvent } from "@/lib/ingestion/on-events-committed";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export const DISPATCH_KEY_PREFIX = `${ENGINE_TASKS.dispatchEventWebhooks}:`;

type TSubscriber = {
  id: string;
  workspace_id: string;
  url: string;
  batch_size: number;
  batch_window_ms: number;
  metric_ids: string[];
};

/**
 * Called by onEventsCommitted inside the ingestion transaction. ONE prepared statement finds the
 * enabled webhooks subscribed to the batch's metrics (none: that is all ingestion pays — measured
 * ~140–170 µs prepared against ~300–700 µs unprepared, planning dominated).
 * - A webhook whose batches are due at once (batch size 1, or no window) gets its sealed
 *   deliveries (document built) inserted HERE, and its deliverer woken by pg_notify at commit:
 *   no dispatch job between ingestion and the deliverer (bench:webhooks measured that hop as most
 *   of the added latency). A notification nobody heard is caught by the worker's sweep.
 * - Windowed webhooks get one dispatch job for the batch (dispatch-events.ts), naming them.
 * Either way the deliveries or the job commit with the events: an event answered 2xx is never lost.
 * Message metrics are included (webhooks may subscribe to them); backfilled events are not.
 * The job key (the batch's first event id, unique) lets the dispatch job mark itself done in its
 * own commit (dispatch-events.ts), so a crash after that commit cannot append the events twice.
 */
export async function enqueueEventWebhookDispatch(
  tx: TPgTx,
  events: readonly TCommittedEvent[],
): Promise<void> {
  const live = events.filter((event) => !event.isBackfill);
  if (live.length === 0) return;
  const found = await tx.query<TSubscriber>({
    name: "hookflow_find_event_webhook_subscribers",
    text: `select w.id, w.workspace_id, w.url, w.batch_size, w.batch_window_ms, array_agg(t.metric_id)::text[] as metric_ids
           from event_webhook_topics t join event_webhooks w on w.id = t.webhook_id
           where w.enabled and t.metric_id = any($1::uuid[])
           group by w.id`,
    values: [[...new Set(live.map((event) => event.metricId))]],
  });
  if (found.rows.length === 0) return;
  const isDueAtOnce = (webhook: TSubscriber) => webhook.batch_size <= 1 || webhook.batch_window_ms === 0;
  const windowed = found.rows.filter((webhook) => !isDueAtOnce(webhook));
  if (windowed.length > 0) {
    await tx.query(
      `select graphile_worker.add_job($1, json_build_object('eventIds', $2::uuid[], 'webhookIds', $3::uuid[]),
                                      job_key := $4, max_attempts := 25)`,
      [
        ENGINE_TASKS.dispatchEventWebhooks,
        live.map((event) => event.id),
        windowed.map((webhook) => webhook.id),
        `${DISPATCH_KEY_PREFIX}${live[0]!.id}`,
      ],
    );
  }
  await insertDueDeliveries(tx, live, found.rows.filter(isDueAtOnce));
}

/** Each webhook's events (its metrics, its workspace) in batches of its size, sealed, due now. */
async function insertDueDeliveries(
  tx: TPgTx,
  events: readonly TCommittedEvent[],
  webhooks: readonly TSubscriber[],
): Promise<void> {
  if (webhooks.length === 0) return;
  const now = new Date();
  const batches: (Omit<TNewDelivery, "document"> & { events: TCommittedEvent[] })[] = [];
  for (const webhook of webhooks) {
    const metrics = new Set(webhook.metric_ids);
    const mine = events.filter((e) => metrics.has(e.metricId) && e.workspaceId === webhook.workspace_id);
    const size = Math.max(1, webhook.batch_size);
    for (let start = 0; start < mine.length; start += size) {
      const chunk = mine.slice(start, start + size);
      batches.push({
        id: uuidv7(now.getTime()),
        workspaceId: webhook.workspace_id,
        webhookId: webhook.id,
        url: webhook.url,
        eventIds: chunk.map((event) => event.id),
        topics: [...new Set(chunk.map((event) => event.metricName))].sort(),
        sendAt: now,
        events: chunk,
      });
    }
  }
  const { documents } = await buildBatchDocuments(
    tx,
    batches.map((batch) => ({
      id: batch.id,
      workspace_id: batch.workspaceId,
      event_webhook_id: batch.webhookId,
      event_ids: [...batch.eventIds],
    })),
    now,
  );
  // A batch whose events are gone (none can be: they are this transaction's) has nothing to send.
  const sealed = batches.filter((batch) => documents.has(batch.id));
  await insertDeliveries(
    tx,
    sealed.map(({ events: _, ...batch }) => ({ ...batch, document: documents.get(batch.id) })),
    { notify: true },
  );
}
