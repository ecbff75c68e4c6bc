import { apiBaseUrl } from "@/lib/api/api-base-url";
import { jsonApiResponse } from "@/lib/api/json-api-response";
import { collectionLinks, encodeCursor } from "@/lib/api/pagination";
import { readListMembersQuery } from "@/lib/api/queries/lists-query";
import { profileResource } from "@/lib/api/resources/profile-resource";
import { withApiKey } from "@/lib/api/with-api-key";
import { lastEventDates } from "@/lib/audience/find-profiles";
import { listListMembers } from "@/lib/audience/list-members";

export const dynamic = "force-dynamic";

/** Klaviyo's Get Profiles for List: members in join order, each with joined_group_at. */
export const GET = withApiKey<{ id: string }>(
  async ({ request, url, principal, params }) => {
    const workspaceId = principal.workspaceId;
    const query = readListMembersQuery(url);
    const { members, next } = await listListMembers({ workspaceId, listId: params.id, ...query });
    const lastDates = await lastEventDates({
      workspaceId,
      profileIds: members.map((member) => member.profile.id),
    });
    const baseUrl = apiBaseUrl(request);
    return jsonApiResponse({
      data: members.map(({ profile, joinedAt }) =>
        profileResource(profile, {
          baseUrl,
          fields: query.fields,
          joinedGroupAt: joinedAt,
          lastEventDate: lastDates.get(profile.id) ?? null,
        }),
      ),
      links: collectionLinks(
        url,
        baseUrl,
        next ? encodeCursor([next.joinedAt.toISOString(), next.profileId]) : null,
      ),
    });
  },
  { needs: "full" },
);
