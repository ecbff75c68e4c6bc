import { ZBulkCreateEventsDocument } from "@/lib/ingestion/event-schemas";
import { fromBulkCreateEventsDocument } from "@/lib/ingestion/to-ingest-events";
import { writeEventBatch } from "@/lib/ingestion/write-event-batch";

/**
 * Klaviyo's Bulk Create Events: up to 1,000 events (each profile with its events) written in one
 * transaction — all or nothing — and resolved after COMMIT. Not routed through the batcher: a
 * bulk request is already a batch, and its atomicity would be lost if mixed with others.
 */
export async function ingestBulkEvents(options: { workspaceId: string; document: unknown }) {
  const document = ZBulkCreateEventsDocument.parse(options.document);
  const events = fromBulkCreateEventsDocument(document, { workspaceId: options.workspaceId });
  const outcomes = await writeEventBatch(events, { atomic: true });
  return {
    count: outcomes.length,
    duplicates: outcomes.filter((outcome) => outcome.ok && outcome.isDuplicate).length,
  };
}
