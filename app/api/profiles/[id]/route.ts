import { apiBaseUrl } from "@/lib/api/api-base-url";
import { jsonApiResponse } from "@/lib/api/json-api-response";
import { profileResource } from "@/lib/api/resources/profile-resource";
import { readSparseFields } from "@/lib/api/sparse-fieldsets";
import { withApiKey } from "@/lib/api/with-api-key";
import { getProfileOrThrow, lastEventDates } from "@/lib/audience/find-profiles";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(
  async ({ request, url, principal, params }) => {
    const workspaceId = principal.workspaceId;
    const profile = await getProfileOrThrow({ workspaceId, profileId: params.id });
    const lastDates = await lastEventDates({ workspaceId, profileIds: [profile.id] });
    const resource = profileResource(profile, {
      baseUrl: apiBaseUrl(request),
      fields: readSparseFields(url, "profile"),
      lastEventDate: lastDates.get(profile.id) ?? null,
    });
    return jsonApiResponse({ data: resource, links: resource.links });
  },
  { needs: "full" },
);
