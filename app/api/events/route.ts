import { apiBaseUrl } from "@/lib/api/api-base-url";
import { emptyResponse, jsonApiResponse } from "@/lib/api/json-api-response";
import { collectionLinks } from "@/lib/api/pagination";
import { readEventsQuery } from "@/lib/api/queries/events-query";
import { readJsonBody, SINGLE_BODY_LIMIT_BYTES } from "@/lib/api/read-json-body";
import { includedForEvents } from "@/lib/api/resources/event-includes";
import { eventResource } from "@/lib/api/resources/event-resource";
import { withApiKey } from "@/lib/api/with-api-key";
import { prisma } from "@/lib/db/prisma";
import { listEvents } from "@/lib/events/list-events";
import { singleEventAdmission, withIngestAdmission } from "@/lib/ingestion/ingest-admission";
import { ingestEvent } from "@/lib/ingestion/ingest-event";

export const dynamic = "force-dynamic";

/** Klaviyo's Create Event: 202 with no body, sent only once the event is committed. */
export const POST = withIngestAdmission(
  singleEventAdmission,
  withApiKey(
    async ({ request, principal }) => {
      const document = await readJsonBody(request, { limitBytes: SINGLE_BODY_LIMIT_BYTES });
      await ingestEvent({ workspaceId: principal.workspaceId, document });
      return emptyResponse(202);
    },
    { needs: "ingest" },
  ),
);

/** Klaviyo's Get Events: newest first, filterable by metric, profile and time, cursor-paginated. */
export const GET = withApiKey(
  async ({ request, url, principal }) => {
    const query = readEventsQuery(url);
    const { events, nextCursor } = await listEvents({ workspaceId: principal.workspaceId, ...query }, prisma);
    const baseUrl = apiBaseUrl(request);
    return jsonApiResponse({
      data: events.map((event) => eventResource(event, { baseUrl, fields: query.fields.event })),
      links: collectionLinks(url, baseUrl, nextCursor),
      ...(query.include.size > 0
        ? {
            included: await includedForEvents(events, {
              workspaceId: principal.workspaceId,
              baseUrl,
              ...query,
            }),
          }
        : {}),
    });
  },
  { needs: "full" },
);
