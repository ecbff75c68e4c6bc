import { emptyResponse } from "@/lib/api/json-api-response";
import { BULK_BODY_LIMIT_BYTES, readJsonBody } from "@/lib/api/read-json-body";
import { withApiKey } from "@/lib/api/with-api-key";
import { bulkEventAdmission, withIngestAdmission } from "@/lib/ingestion/ingest-admission";
import { ingestBulkEvents } from "@/lib/ingestion/ingest-bulk-events";

export const dynamic = "force-dynamic";

/**
 * Klaviyo's Bulk Create Events: up to 1,000 events in a body of up to 5 MiB. Klaviyo queues a
 * job and answers 202; Hookflow stores the whole request in one transaction first, then answers
 * the same 202 — so a 202 here means stored, all or nothing.
 */
export const POST = withIngestAdmission(
  bulkEventAdmission,
  withApiKey(
    async ({ request, principal }) => {
      const document = await readJsonBody(request, { limitBytes: BULK_BODY_LIMIT_BYTES });
      await ingestBulkEvents({ workspaceId: principal.workspaceId, document });
      return emptyResponse(202);
    },
    { needs: "ingest" },
  ),
);
