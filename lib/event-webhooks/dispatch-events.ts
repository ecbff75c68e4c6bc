import type pg from "pg";
import { insertDeliveries } from "@/lib/event-webhooks/insert-deliveries";
import { buildBatchDocuments } from "@/lib/event-webhooks/seal-batches";
import { type TWake, wakeDeliverers } from "@/lib/event-webhooks/wake-deliverer";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { type TPgTx, withPgTransaction } from "@/lib/ingestion/pg-transaction";

type TDispatchedEvent = { eventId: string; topic: string };

type TLockedWebhook = {
  id: string;
  workspace_id: string;
  url: string;
  batch_size: number;
  batch_window_ms: number;
};

/**
 * The dispatch job of one ingestion batch: appends each event to the open batch of every enabled
 * webhook subscribed to its metric, in ONE transaction.
 *
 * A webhook's open batch is a delivery not yet attempted whose next_attempt_at (its send time) is
 * still ahead: opened with send time = now + batchWindowMs, and made due at once when it reaches
 * batchSize. Only event ids are collected (a few bytes per append; appending whole documents
 * rewrote up to ~100 KB per event); the deliverer builds the document when it first claims the
 * batch (seal-batches.ts), and from then on nothing is appended (the predicate below no longer
 * matches, and both sides take the delivery's row lock). Webhook rows are locked in id order, so
 * two dispatch jobs never open two batches for one webhook at once.
 *
 * `jobKey`: the job's own key; `remove_job` on it in this transaction marks the job done
 * atomically with the appends (a locked job is not deleted, only kept from running again), so a
 * worker dying between this commit and graphile-worker's completion does not append twice.
 */
export async function dispatchEventWebhooks(options: {
  eventIds: readonly string[];
  /** Only these webhooks (the windowed ones when the events were ingested: the others got their
   *  deliveries in the ingestion transaction, enqueue-dispatch.ts); absent: every subscriber. */
  webhookIds?: readonly string[] | null;
  database: pg.Pool;
  jobKey?: string | null;
  now?: () => Date;
}): Promise<{ appended: number; deliveriesOpened: number }> {
  return withPgTransaction(
    async (tx) => {
      const now = options.now?.() ?? new Date();
      const loaded = await tx.query<{ webhook_id: string; event_id: string; topic: string }>(
        `with ids as (select id, ord from unnest($1::uuid[]) with ordinality as t(id, ord))
         select w.id as webhook_id, e.id as event_id, m.name as topic
         from ids
         join events e on e.id = ids.id
         join event_webhook_topics t on t.metric_id = e.metric_id
         join event_webhooks w on w.id = t.webhook_id and w.enabled and w.workspace_id = e.workspace_id
         join metrics m on m.id = e.metric_id
         where $2::uuid[] is null or w.id = any($2::uuid[])
         order by w.id, ids.ord`,
        [options.eventIds, options.webhookIds ?? null],
      );
      const itemsByWebhook = new Map<string, TDispatchedEvent[]>();
      for (const row of loaded.rows) {
        const items = itemsByWebhook.get(row.webhook_id) ?? [];
        items.push({ eventId: row.event_id, topic: row.topic });
        itemsByWebhook.set(row.webhook_id, items);
      }
      let appended = 0;
      let deliveriesOpened = 0;
      const wakes: TWake[] = [];
      if (itemsByWebhook.size > 0) {
        // Re-read under the lock: a webhook disabled or resized since the load is honoured.
        const locked = await tx.query<TLockedWebhook>(
          `select id, workspace_id, url, batch_size, batch_window_ms from event_webhooks
           where id = any($1::uuid[]) and enabled order by id for no key update`,
          [[...itemsByWebhook.keys()]],
        );
        for (const webhook of locked.rows) {
          const items = itemsByWebhook.get(webhook.id)!;
          const result = await appendToBatches(tx, webhook, items, now);
          appended += items.length;
          deliveriesOpened += result.opened;
          wakes.push(...result.wakes);
        }
      }
      await wakeDeliverers(tx, wakes);
      if (options.jobKey) await tx.query("select graphile_worker.remove_job($1)", [options.jobKey]);
      return { appended, deliveriesOpened };
    },
    { database: options.database },
  );
}

async function appendToBatches(
  tx: TPgTx,
  webhook: TLockedWebhook,
  items: readonly TDispatchedEvent[],
  now: Date,
): Promise<{ opened: number; wakes: TWake[] }> {
  const wakes: TWake[] = [];
  let rest = items;
  const open = await tx.query<{ id: string; event_count: number }>(
    `select id, event_count from webhook_deliveries
     where event_webhook_id = $1 and status = 'pending' and attempt_count = 0 and not is_test
       and replay_requested_at is null and next_attempt_at > $2 and event_count < $3
       -- A claim seals a due batch without changing its status: once sealed, never appended to.
       and payload::text = '{}'
     order by created_at desc limit 1
     for update`,
    [webhook.id, now, webhook.batch_size],
  );
  const batch = open.rows[0];
  if (batch) {
    const taken = rest.slice(0, webhook.batch_size - batch.event_count);
    rest = rest.slice(taken.length);
    const isFull = batch.event_count + taken.length >= webhook.batch_size;
    await tx.query(
      `update webhook_deliveries d
       set event_ids = d.event_ids || $2::uuid[],
           event_count = d.event_count + $3,
           (topics, topic) = (select array_agg(distinct t order by t), string_agg(distinct t, ', ' order by t)
                              from unnest(d.topics || $4::text[]) as t),
           next_attempt_at = case when $5 then $6 else d.next_attempt_at end,
           updated_at = now()
       where d.id = $1`,
      [batch.id, taken.map((item) => item.eventId), taken.length, distinctTopics(taken), isFull, now],
    );
    if (isFull) wakes.push({ webhookId: webhook.id });
  }
  // Every new batch of this webhook in ONE multi-row insert: with batch size 1 a dispatch job of
  // 1,000 events opens 1,000 deliveries (bench:webhooks measured one insert each as a hot spot).
  const opened: { id: string; chunk: TDispatchedEvent[]; sendAt: Date; isDue: boolean }[] = [];
  while (rest.length > 0) {
    const chunk = rest.slice(0, webhook.batch_size);
    rest = rest.slice(chunk.length);
    const isDue = chunk.length >= webhook.batch_size || webhook.batch_window_ms === 0;
    const sendAt = isDue ? now : new Date(now.getTime() + webhook.batch_window_ms);
    opened.push({ id: uuidv7(now.getTime()), chunk, sendAt, isDue });
    wakes.push(isDue ? { webhookId: webhook.id } : { webhookId: webhook.id, at: sendAt });
  }
  if (opened.length > 0) {
    // A batch due at once (full, or no window) is sealed here, its document stored with it: the
    // claim then only reads it (bench:webhooks: a seal is one more update of every delivery).
    const due = opened.filter((batch) => batch.isDue);
    const { documents } = await buildBatchDocuments(
      tx,
      due.map((batch) => ({
        id: batch.id,
        workspace_id: webhook.workspace_id,
        event_webhook_id: webhook.id,
        event_ids: batch.chunk.map((item) => item.eventId),
      })),
      now,
    );
    await insertDeliveries(
      tx,
      opened.map((batch) => ({
        id: batch.id,
        workspaceId: webhook.workspace_id,
        webhookId: webhook.id,
        url: webhook.url,
        eventIds: batch.chunk.map((item) => item.eventId),
        topics: distinctTopics(batch.chunk),
        sendAt: batch.sendAt,
        document: documents.get(batch.id),
      })),
    );
  }
  return { opened: opened.length, wakes };
}

function distinctTopics(items: readonly TDispatchedEvent[]): string[] {
  return [...new Set(items.map((item) => item.topic))].sort();
}
