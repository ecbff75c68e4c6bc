import { identityKey, type TProfileIdentity, type TProfileRequest } from "@/lib/audience/resolve-profiles";
import { isUuid } from "@/lib/ids/uuid-v7";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

/** The identifiers to look up for a batch (workspace, kind, value), deduplicated. */
export function identifiersToLoad(requests: readonly TProfileRequest[]) {
  const out = {
    ids: [] as [string, string][],
    emails: [] as [string, string][],
    phones: [] as [string, string][],
    externalIds: [] as [string, string][],
  };
  const seen = new Set<string>();
  const add = (
    list: [string, string][],
    workspaceId: string,
    kind: string,
    value: string | null | undefined,
  ) => {
    if (!value) return;
    const key = identityKey(workspaceId, kind, value);
    if (seen.has(key)) return;
    seen.add(key);
    list.push([workspaceId, value]);
  };
  for (const { workspaceId, changes } of requests) {
    add(out.ids, workspaceId, "id", changes.id);
    add(out.emails, workspaceId, "email", changes.email);
    add(out.phones, workspaceId, "phoneNumber", changes.phoneNumber);
    add(out.externalIds, workspaceId, "externalId", changes.externalId);
  }
  return out;
}

/**
 * The stored profiles that own any identifier (id, email, phone number, external id) mentioned
 * by the requests: one round trip, each branch an index lookup on a (workspace_id, identifier)
 * unique index.
 */
export async function loadProfileIdentities(
  tx: TPgTx,
  requests: readonly TProfileRequest[],
): Promise<TProfileIdentity[]> {
  const wanted = identifiersToLoad(requests);
  // A malformed id cannot name a stored profile; keeping it out of the uuid[] parameter turns it
  // into "not found" instead of a cast error that would fail the whole batch.
  const ids = wanted.ids.filter(([, id]) => isUuid(id));
  const column = (pairs: [string, string][], index: 0 | 1) => pairs.map((pair) => pair[index]);
  const result = await tx.query({
    name: "hookflow_load_profile_identities_v1",
    text: `select id, workspace_id, email, phone_number, external_id from profiles
       where (workspace_id, email) in (select * from unnest($1::uuid[], $2::text[]))
     union
     select id, workspace_id, email, phone_number, external_id from profiles
       where (workspace_id, external_id) in (select * from unnest($3::uuid[], $4::text[]))
     union
     select id, workspace_id, email, phone_number, external_id from profiles
       where (workspace_id, phone_number) in (select * from unnest($5::uuid[], $6::text[]))
     union
     select id, workspace_id, email, phone_number, external_id from profiles
       where (workspace_id, id) in (select * from unnest($7::uuid[], $8::uuid[]))`,
    values: [
      column(wanted.emails, 0),
      column(wanted.emails, 1),
      column(wanted.externalIds, 0),
      column(wanted.externalIds, 1),
      column(wanted.phones, 0),
      column(wanted.phones, 1),
      column(ids, 0),
      column(ids, 1),
    ],
  });
  return result.rows.map((row) => ({
    id: row.id,
    workspaceId: row.workspace_id,
    email: row.email,
    phoneNumber: row.phone_number,
    externalId: row.external_id,
  }));
}
