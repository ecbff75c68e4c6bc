import { loadProfileIdentities } from "@/lib/audience/load-profile-identities";
import { resolveProfiles, type TProfilePlan, type TProfileRequest } from "@/lib/audience/resolve-profiles";
import { audienceChangesOf } from "@/lib/audience/segments/audience-changes";
import { reevaluateSegmentsForProfiles } from "@/lib/audience/segments/reevaluate-segments";
import { insertProfiles, updateProfiles } from "@/lib/audience/write-profile-changes";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

/**
 * Creates or updates the profiles a batch of requests is about, inside the caller's transaction:
 * look up (1 query) → decide in memory (resolveProfiles) → update stored (1) → insert new (1).
 * Updates go first: a batch may free an identifier (change a stored email) that a new profile
 * then takes.
 */
export async function upsertProfiles(tx: TPgTx, requests: readonly TProfileRequest[]): Promise<TProfilePlan> {
  const stored = await loadProfileIdentities(tx, requests);
  const plan = resolveProfiles(requests, stored);
  await updateProfiles(tx, plan.updates);
  await insertProfiles(tx, plan.inserts);
  await reevaluateSegmentsForProfiles(
    tx,
    audienceChangesOf({ inserts: plan.inserts, updates: plan.updates }),
  );
  return plan;
}
