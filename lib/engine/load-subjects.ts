import { listConditions, type TConditions } from "@/lib/flows/conditions";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export type TEngineProfile = {
  id: string;
  email: string | null;
  phoneNumber: string | null;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  organization: string | null;
  title: string | null;
  locale: string | null;
  timezone: string | null;
  location: Record<string, unknown>;
  properties: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
};

export type TEngineSubject = {
  profile: TEngineProfile;
  listIds: Set<string>;
  segmentIds: Set<string>;
};

/** The list and segment ids a set of conditions refers to (the memberships worth loading). */
export function referencedAudiences(conditionSets: readonly (TConditions | undefined)[]) {
  const listIds = new Set<string>();
  const segmentIds = new Set<string>();
  for (const conditions of conditionSets) {
    for (const condition of listConditions(conditions)) {
      if (condition.kind === "list-membership") listIds.add(condition.listId);
      if (condition.kind === "segment-membership") segmentIds.add(condition.segmentId);
    }
  }
  return { listIds, segmentIds };
}

/**
 * Profiles (as conditions and handlers see them) with their memberships of the given lists and
 * segments, in three queries whatever the number of profiles. Deleted profiles are absent.
 */
export async function loadSubjects(
  tx: TPgTx,
  profileIds: Iterable<string>,
  audiences: { listIds: ReadonlySet<string>; segmentIds: ReadonlySet<string> },
): Promise<Map<string, TEngineSubject>> {
  const ids = [...new Set(profileIds)];
  const subjects = new Map<string, TEngineSubject>();
  if (ids.length === 0) return subjects;
  const profiles = await tx.query<TEngineProfile>(
    `select id, email, phone_number as "phoneNumber", external_id as "externalId", first_name as "firstName",
            last_name as "lastName", organization, title, locale, timezone, location, properties,
            created_at as "createdAt", updated_at as "updatedAt"
     from profiles where id = any($1::uuid[])`,
    [ids],
  );
  for (const profile of profiles.rows) {
    subjects.set(profile.id, { profile, listIds: new Set(), segmentIds: new Set() });
  }
  await loadMemberships(tx, subjects, audiences);
  return subjects;
}

/** Adds to `subjects` their memberships of the given lists and segments (a query per kind used). */
export async function loadMemberships(
  tx: TPgTx,
  subjects: ReadonlyMap<string, TEngineSubject>,
  audiences: { listIds: ReadonlySet<string>; segmentIds: ReadonlySet<string> },
): Promise<void> {
  const ids = [...subjects.keys()];
  if (ids.length === 0) return;
  if (audiences.listIds.size > 0) {
    const rows = await tx.query<{ profile_id: string; list_id: string }>(
      "select profile_id, list_id from list_memberships where profile_id = any($1::uuid[]) and list_id = any($2::uuid[])",
      [ids, [...audiences.listIds]],
    );
    for (const row of rows.rows) subjects.get(row.profile_id)?.listIds.add(row.list_id);
  }
  if (audiences.segmentIds.size > 0) {
    const rows = await tx.query<{ profile_id: string; segment_id: string }>(
      "select profile_id, segment_id from segment_memberships where profile_id = any($1::uuid[]) and segment_id = any($2::uuid[])",
      [ids, [...audiences.segmentIds]],
    );
    for (const row of rows.rows) subjects.get(row.profile_id)?.segmentIds.add(row.segment_id);
  }
}
