import { eventBatcher, type TEventBatcher } from "@/lib/ingestion/event-batcher";
import { ZCreateEventDocument } from "@/lib/ingestion/event-schemas";
import { fromCreateEventDocument } from "@/lib/ingestion/to-ingest-events";

/**
 * Klaviyo's Create Event: validates the document and resolves once the event is committed
 * (through the group-commit batcher, together with concurrent requests). A repeated unique_id
 * resolves too (stored once). Throws a ZodError/HookflowError for the caller to answer.
 */
export async function ingestEvent(
  options: { workspaceId: string; document: unknown },
  batcher: TEventBatcher = eventBatcher(),
): Promise<{ eventId: string; isDuplicate: boolean; profileId: string }> {
  const document = ZCreateEventDocument.parse(options.document);
  const outcome = await batcher.submit(
    fromCreateEventDocument(document, { workspaceId: options.workspaceId }),
  );
  if (!outcome.ok) throw outcome.error;
  return outcome;
}
