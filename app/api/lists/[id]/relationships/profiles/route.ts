import { apiBaseUrl } from "@/lib/api/api-base-url";
import { emptyResponse, jsonApiResponse } from "@/lib/api/json-api-response";
import { collectionLinks, encodeCursor } from "@/lib/api/pagination";
import { readListMembersQuery } from "@/lib/api/queries/lists-query";
import { readJsonBody, SINGLE_BODY_LIMIT_BYTES } from "@/lib/api/read-json-body";
import { withApiKey } from "@/lib/api/with-api-key";
import { addProfilesToList, listListMembers, removeProfilesFromList } from "@/lib/audience/list-members";

export const dynamic = "force-dynamic";

/** Klaviyo's Get Profile IDs for List: `{type: "profile", id}` linkage objects, join order. */
export const GET = withApiKey<{ id: string }>(
  async ({ request, url, principal, params }) => {
    const query = readListMembersQuery(url);
    const { members, next } = await listListMembers({
      workspaceId: principal.workspaceId,
      listId: params.id,
      ...query,
    });
    return jsonApiResponse({
      data: members.map(({ profile }) => ({ type: "profile", id: profile.id })),
      links: collectionLinks(
        url,
        apiBaseUrl(request),
        next ? encodeCursor([next.joinedAt.toISOString(), next.profileId]) : null,
      ),
    });
  },
  { needs: "full" },
);

/** Klaviyo's Add Profiles to List: body `{data: [{type: "profile", id}]}`, 204. */
export const POST = withApiKey<{ id: string }>(
  async ({ request, principal, params }) => {
    const document = await readJsonBody(request, { limitBytes: SINGLE_BODY_LIMIT_BYTES });
    await addProfilesToList({ workspaceId: principal.workspaceId, listId: params.id, document });
    return emptyResponse(204);
  },
  { needs: "full" },
);

/** Klaviyo's Remove Profiles from List: same body, 204. */
export const DELETE = withApiKey<{ id: string }>(
  async ({ request, principal, params }) => {
    const document = await readJsonBody(request, { limitBytes: SINGLE_BODY_LIMIT_BYTES });
    await removeProfilesFromList({ workspaceId: principal.workspaceId, listId: params.id, document });
    return emptyResponse(204);
  },
  { needs: "full" },
);
