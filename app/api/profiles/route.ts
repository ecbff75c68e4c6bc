import { apiBaseUrl } from "@/lib/api/api-base-url";
import { jsonApiResponse } from "@/lib/api/json-api-response";
import { collectionLinks, encodeCursor } from "@/lib/api/pagination";
import { readProfilesQuery } from "@/lib/api/queries/profiles-query";
import { profileResource } from "@/lib/api/resources/profile-resource";
import { withApiKey } from "@/lib/api/with-api-key";
import { findProfiles, lastEventDates } from "@/lib/audience/find-profiles";

export const dynamic = "force-dynamic";

/** Klaviyo's Get Profiles, with filter=equals(email,"…") / any(…) on the identifiers. */
export const GET = withApiKey(
  async ({ request, url, principal }) => {
    const workspaceId = principal.workspaceId;
    const query = readProfilesQuery(url);
    const { profiles, next } = await findProfiles({ workspaceId, ...query });
    const lastDates = await lastEventDates({
      workspaceId,
      profileIds: profiles.map((profile) => profile.id),
    });
    const baseUrl = apiBaseUrl(request);
    return jsonApiResponse({
      data: profiles.map((profile) =>
        profileResource(profile, {
          baseUrl,
          fields: query.fields,
          lastEventDate: lastDates.get(profile.id) ?? null,
        }),
      ),
      links: collectionLinks(
        url,
        baseUrl,
        next ? encodeCursor([next.createdAt.toISOString(), next.id]) : null,
      ),
    });
  },
  { needs: "full" },
);
