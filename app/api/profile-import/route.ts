import { apiBaseUrl } from "@/lib/api/api-base-url";
import { jsonApiResponse } from "@/lib/api/json-api-response";
import { readJsonBody, SINGLE_BODY_LIMIT_BYTES } from "@/lib/api/read-json-body";
import { profileResource } from "@/lib/api/resources/profile-resource";
import { withApiKey } from "@/lib/api/with-api-key";
import { getProfileOrThrow, lastEventDates } from "@/lib/audience/find-profiles";
import { importProfile } from "@/lib/audience/import-profile";

export const dynamic = "force-dynamic";

/** Klaviyo's Create or Update Profile: 201 with the profile when created, 200 when updated. */
export const POST = withApiKey(
  async ({ request, principal }) => {
    const document = await readJsonBody(request, { limitBytes: SINGLE_BODY_LIMIT_BYTES });
    const workspaceId = principal.workspaceId;
    const { profileId, isCreated } = await importProfile({ workspaceId, document });
    const profile = await getProfileOrThrow({ workspaceId, profileId });
    const lastDates = await lastEventDates({ workspaceId, profileIds: [profileId] });
    const resource = profileResource(profile, {
      baseUrl: apiBaseUrl(request),
      lastEventDate: lastDates.get(profileId) ?? null,
    });
    return jsonApiResponse({ data: resource, links: resource.links }, isCreated ? 201 : 200);
  },
  { needs: "ingest" },
);
