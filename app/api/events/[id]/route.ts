import { apiBaseUrl } from "@/lib/api/api-base-url";
import { jsonApiResponse } from "@/lib/api/json-api-response";
import { eventResource } from "@/lib/api/resources/event-resource";
import { readSparseFields } from "@/lib/api/sparse-fieldsets";
import { withApiKey } from "@/lib/api/with-api-key";
import { prisma } from "@/lib/db/prisma";
import { getEventOrThrow } from "@/lib/events/list-events";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(
  async ({ request, url, principal, params }) => {
    const event = await getEventOrThrow({ workspaceId: principal.workspaceId, eventId: params.id }, prisma);
    const resource = eventResource(event, {
      baseUrl: apiBaseUrl(request),
      fields: readSparseFields(url, "event"),
    });
    return jsonApiResponse({ data: resource, links: resource.links });
  },
  { needs: "full" },
);
