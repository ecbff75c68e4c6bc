import { z } from "zod";
import { JsonApiError } from "@/lib/api/json-api-error";
import { toProfileChanges, ZProfileResourceInput } from "@/lib/audience/profile-input";
import { upsertProfiles } from "@/lib/audience/upsert-profiles";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";

export const ZProfileImportDocument = z.object({ data: ZProfileResourceInput });

/**
 * Klaviyo's profile-import (Create or Update Profile): finds the profile by id, external_id,
 * email or phone_number (in that order), creates it if none matches, applies the attributes
 * (absent: unchanged; null: cleared) and merges `properties`. An identifier that belongs to a
 * different profile is a 409 `duplicate_profile` naming that profile, and nothing is written.
 * Shares the ingestion's profile writer, so it is safe against concurrent events for the same person.
 */
export async function importProfile(options: { workspaceId: string; document: unknown }) {
  const document = ZProfileImportDocument.parse(options.document);
  const changes = toProfileChanges(document.data);
  return withPgTransaction(async (tx) => {
    const plan = await upsertProfiles(tx, [{ workspaceId: options.workspaceId, changes, pointer: "/data" }]);
    const failure = plan.failures.get(0);
    if (failure) throw failure;
    const conflict = plan.conflicts.get(0)?.[0];
    if (conflict) {
      throw new JsonApiError(
        "conflict",
        `A profile already exists with this ${conflict.field} (profile ${conflict.profileId})`,
        {
          pointer: `/data/attributes/${conflict.field}`,
          apiCode: "duplicate_profile",
          meta: { duplicate_profile_id: conflict.profileId },
        },
      );
    }
    return { profileId: plan.profileIds[0]!, isCreated: plan.createdBy[0]! };
  });
}
