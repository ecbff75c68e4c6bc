import { type TBatchDocument, toWireBody } from "@/lib/event-webhooks/batch-document";
import { eventWebhookMessageId } from "@/lib/event-webhooks/message-id";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export type TNewDelivery = {
  id: string;
  workspaceId: string;
  webhookId: string;
  url: string;
  eventIds: readonly string[];
  topics: readonly string[];
  sendAt: Date;
  /** The sealed document (a batch due at once), or undefined: still collecting events. */
  document?: TBatchDocument;
};

/** Deliveries' wake-ups (pg_notify) are heard by the worker processes (listen-for-wakes.ts). */
export const WAKE_CHANNEL = "hookflow_event_webhook_wake";

// Every new delivery, of any webhook, in ONE multi-row statement (bench:webhooks measured one
// insert per batch as a hot spot). `$12` (a channel or null): notify it with the webhooks' ids
// in the same statement — the ingestion path, where a round trip matters.
const INSERT_SQL = `with inserted as (
    insert into webhook_deliveries (id, workspace_id, event_webhook_id, message_id, url, topic, topics,
                                    event_ids, event_count, payload, status, next_attempt_at, updated_at)
    select v.id, v.workspace_id, v.webhook_id, v.message_id, v.url, v.topic,
           v.topics::text[], string_to_array(v.event_ids, ',')::uuid[],
           v.event_count, coalesce(v.payload, '{}'), 'pending', v.send_at, now()
    from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::int[], $10::timestamptz[], $11::json[])
      as v(id, workspace_id, webhook_id, message_id, url, topic, topics, event_ids, event_count, send_at, payload)
    returning event_webhook_id
  ), notified as (
    select pg_notify($12, ids) from (select string_agg(distinct event_webhook_id::text, ',') as ids from inserted) x
    where $12::text is not null and ids is not null
  )
  -- A select in a WITH runs only when referenced: hence the count of "notified".
  select (select count(*) from inserted)::int as inserted, (select count(*) from notified)::int as notified`;

/** Inserts `deliveries` (pending); with `notify`, wakes their webhooks' deliverers at commit. */
export async function insertDeliveries(
  tx: TPgTx,
  deliveries: readonly TNewDelivery[],
  options: { notify?: boolean } = {},
): Promise<void> {
  if (deliveries.length === 0) return;
  const column = <T>(pick: (delivery: TNewDelivery) => T) => deliveries.map(pick);
  await tx.query({
    name: "hookflow_insert_webhook_deliveries",
    text: INSERT_SQL,
    values: [
      column((d) => d.id),
      column((d) => d.workspaceId),
      column((d) => d.webhookId),
      column((d) => eventWebhookMessageId(d.id)),
      column((d) => d.url),
      column((d) => d.topics.join(", ")),
      // Each an array literal, cast in SQL (was jsonb, unpacked by a subquery per row).
      column((d) => arrayLiteral(d.topics)),
      // Uuids, comma-separated: unnest cannot take arrays of unequal lengths.
      column((d) => d.eventIds.join(",")),
      column((d) => d.document?.data.length ?? d.eventIds.length),
      column((d) => d.sendAt),
      // The body as sent, stored as is (json keeps the text): see storedWireBody.
      column((d) => (d.document ? toWireBody(d.document) : null)),
      options.notify ? WAKE_CHANNEL : null,
    ],
  });
}

/** A PostgreSQL array literal of `values`, each element quoted (`"` and `\` escaped). */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
}
