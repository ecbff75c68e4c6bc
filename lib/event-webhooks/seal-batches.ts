import {
  batchMeta,
  EVENT_ITEM_COLUMNS,
  type TBatchDocument,
  type TEventItemRow,
  toBatchItem,
  toWireBody,
} from "@/lib/event-webhooks/batch-document";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export type TUnsealedBatch = {
  id: string;
  workspace_id: string;
  event_webhook_id: string;
  event_ids: string[];
};

/**
 * Builds the documents of batches claimed for their first attempt, in the claim's transaction —
 * so the document is stored before any request is sent, and every attempt and replay sends it
 * unchanged. Items follow collection order; each carries its profile as it is now (one query for
 * all the batches' events). A batch whose events are all gone (their profile was deleted since)
 * is deleted: there is nothing left to send. Returns the bodies (toWireBody) by delivery id.
 * A batch due when it is opened (full, or no window) is sealed by the dispatch instead.
 */
export async function sealBatches(
  tx: TPgTx,
  batches: readonly TUnsealedBatch[],
  now: Date,
): Promise<Map<string, string>> {
  const { documents, gone } = await buildBatchDocuments(tx, batches, now);
  // Stored as the body sent (json keeps the text), which every attempt then sends as is.
  const bodies = new Map([...documents].map(([id, document]) => [id, toWireBody(document)]));
  if (documents.size > 0) {
    await tx.query(
      `update webhook_deliveries d set payload = v.payload, event_count = v.event_count, updated_at = now()
       from unnest($1::uuid[], $2::json[], $3::int[]) as v(id, payload, event_count)
       where d.id = v.id`,
      [
        [...documents.keys()],
        [...bodies.values()],
        [...documents.values()].map((document) => document.data.length),
      ],
    );
  }
  if (gone.length > 0) await tx.query("delete from webhook_deliveries where id = any($1::uuid[])", [gone]);
  return bodies;
}

/**
 * The documents of `batches` from their events as stored now (one query for all), by delivery
 * id; `gone`: the batches none of whose events is left. Writes nothing.
 */
export async function buildBatchDocuments(
  tx: TPgTx,
  batches: readonly TUnsealedBatch[],
  now: Date,
): Promise<{ documents: Map<string, TBatchDocument>; gone: string[] }> {
  const documents = new Map<string, TBatchDocument>();
  if (batches.length === 0) return { documents, gone: [] };
  const loaded = await tx.query<TEventItemRow & { workspace_id: string }>(
    `select e.workspace_id, ${EVENT_ITEM_COLUMNS}
     from events e join metrics m on m.id = e.metric_id join profiles p on p.id = e.profile_id
     where e.id = any($1::uuid[])`,
    [[...new Set(batches.flatMap((batch) => batch.event_ids))]],
  );
  const rows = new Map(loaded.rows.map((row) => [row.event_id, row]));
  const gone: string[] = [];
  for (const batch of batches) {
    const items = batch.event_ids
      .map((id) => rows.get(id))
      .filter((row) => row !== undefined && row.workspace_id === batch.workspace_id)
      .map((row) => toBatchItem(row!));
    if (items.length === 0) gone.push(batch.id);
    else {
      documents.set(batch.id, {
        data: items,
        meta: batchMeta({ workspaceId: batch.workspace_id, webhookId: batch.event_webhook_id, now }),
      });
    }
  }
  return { documents, gone };
}
