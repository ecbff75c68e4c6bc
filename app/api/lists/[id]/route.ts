import { apiBaseUrl } from "@/lib/api/api-base-url";
import { jsonApiResponse } from "@/lib/api/json-api-response";
import { listResource } from "@/lib/api/resources/list-resource";
import { readSparseFields } from "@/lib/api/sparse-fieldsets";
import { withApiKey } from "@/lib/api/with-api-key";
import { getListOrThrow } from "@/lib/audience/lists";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(
  async ({ request, url, principal, params }) => {
    const list = await getListOrThrow({ workspaceId: principal.workspaceId, listId: params.id });
    const resource = listResource(list, {
      baseUrl: apiBaseUrl(request),
      fields: readSparseFields(url, "list"),
    });
    return jsonApiResponse({ data: resource, links: resource.links });
  },
  { needs: "full" },
);
