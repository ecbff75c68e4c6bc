import { apiBaseUrl } from "@/lib/api/api-base-url";
import { jsonApiResponse } from "@/lib/api/json-api-response";
import { collectionLinks, encodeCursor } from "@/lib/api/pagination";
import { readListsQuery } from "@/lib/api/queries/lists-query";
import { readJsonBody, SINGLE_BODY_LIMIT_BYTES } from "@/lib/api/read-json-body";
import { listResource } from "@/lib/api/resources/list-resource";
import { readSparseFields } from "@/lib/api/sparse-fieldsets";
import { withApiKey } from "@/lib/api/with-api-key";
import { createList, listLists } from "@/lib/audience/lists";

export const dynamic = "force-dynamic";

export const GET = withApiKey(
  async ({ request, url, principal }) => {
    const query = readListsQuery(url);
    const { lists, nextAfterId } = await listLists({ workspaceId: principal.workspaceId, ...query });
    const baseUrl = apiBaseUrl(request);
    return jsonApiResponse({
      data: lists.map((list) => listResource(list, { baseUrl, fields: query.fields })),
      links: collectionLinks(url, baseUrl, nextAfterId ? encodeCursor([nextAfterId]) : null),
    });
  },
  { needs: "full" },
);

/** Klaviyo's Create List: 201 with the list. */
export const POST = withApiKey(
  async ({ request, url, principal }) => {
    const document = await readJsonBody(request, { limitBytes: SINGLE_BODY_LIMIT_BYTES });
    const list = await createList({ workspaceId: principal.workspaceId, document });
    const resource = listResource(list, {
      baseUrl: apiBaseUrl(request),
      fields: readSparseFields(url, "list"),
    });
    return jsonApiResponse({ data: resource, links: resource.links }, 201);
  },
  { needs: "full" },
);
