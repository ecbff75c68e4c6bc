import type { TProfileWrite } from "@/lib/audience/resolve-profiles";
import { RetryableConflict, type TPgTx } from "@/lib/ingestion/pg-transaction";

// The rows are sent as ONE jsonb parameter and unpacked with jsonb_to_recordset: a single
// statement per table whatever the batch size, and "absent" vs "null" survives the trip
// (`v.columns ? 'first_name'` is true for {"first_name": null}, which clears the column).

export const PROFILE_RECORD_COLUMNS = `id uuid, workspace_id uuid, identifiers jsonb, columns jsonb,
  clear_location boolean, location jsonb, properties jsonb, unset_properties text[]`;

/** Rows for jsonb_to_recordset(... PROFILE_RECORD_COLUMNS). */
export function profileWriteRows(writes: readonly TProfileWrite[]) {
  return writes.map((write) => ({
    id: write.id,
    workspace_id: write.workspaceId,
    identifiers: write.identifiers,
    columns: write.columns,
    clear_location: write.clearLocation,
    location: write.location,
    properties: write.properties,
    unset_properties: write.unsetProperties,
  }));
}

const keep = (source: string, column: string) =>
  `${column} = case when v.${source} ? '${column}' then v.${source}->>'${column}' else p.${column} end`;

/**
 * UPDATE of stored profiles from rows `v` (PROFILE_RECORD_COLUMNS): identifiers and columns set
 * when named (null clears), location merged (null values remove keys), properties merged
 * shallowly after removing the unset keys. It runs on the row as it is at write time (READ
 * COMMITTED re-reads a row another transaction just changed), so concurrent merges into one
 * profile never lose each other's keys.
 */
export function updateProfilesSql(rows: string): string {
  return `update profiles p set
       ${keep("identifiers", "email")}, ${keep("identifiers", "phone_number")}, ${keep("identifiers", "external_id")},
       ${keep("columns", "first_name")}, ${keep("columns", "last_name")}, ${keep("columns", "organization")},
       ${keep("columns", "title")}, ${keep("columns", "image")}, ${keep("columns", "locale")}, ${keep("columns", "timezone")},
       location = jsonb_strip_nulls((case when v.clear_location then '{}'::jsonb else p.location end) || v.location),
       properties = (p.properties - coalesce(v.unset_properties, '{}')) || v.properties,
       updated_at = now()
     from (${rows} order by id) v
     where p.id = v.id and p.workspace_id = v.workspace_id
     returning p.id`;
}

/**
 * INSERT of new profiles from rows `v`. ON CONFLICT DO NOTHING (no target: any of the three
 * unique identifiers) and a count check by the caller: fewer rows back means another process
 * created one of these people since we looked, and the transaction is retried from the lookup,
 * which then finds and updates it. (`ON CONFLICT ... DO UPDATE` cannot be used here: it takes
 * one conflict target, and a profile has three unique identifiers.)
 */
export function insertProfilesSql(rows: string): string {
  return `insert into profiles (id, workspace_id, email, phone_number, external_id, first_name, last_name,
       organization, title, image, locale, timezone, location, properties)
     select v.id, v.workspace_id, v.identifiers->>'email', v.identifiers->>'phone_number',
       v.identifiers->>'external_id', v.columns->>'first_name', v.columns->>'last_name',
       v.columns->>'organization', v.columns->>'title', v.columns->>'image', v.columns->>'locale',
       v.columns->>'timezone', jsonb_strip_nulls(v.location), v.properties
     from (${rows}) v
     order by v.id
     on conflict do nothing
     returning id`;
}

const RECORDSET = `select * from jsonb_to_recordset($1::jsonb) as r(${PROFILE_RECORD_COLUMNS})`;
const UPDATE_PROFILES = updateProfilesSql(RECORDSET);
const INSERT_PROFILES = insertProfilesSql(RECORDSET);

export async function updateProfiles(tx: TPgTx, updates: readonly TProfileWrite[]): Promise<void> {
  if (updates.length === 0) return;
  const result = await tx.query({
    name: "hookflow_update_profiles_v1",
    text: UPDATE_PROFILES,
    values: [JSON.stringify(profileWriteRows(updates))],
  });
  if (result.rowCount !== updates.length) throw new RetryableConflict("a profile was deleted concurrently");
}

export async function insertProfiles(tx: TPgTx, inserts: readonly TProfileWrite[]): Promise<void> {
  if (inserts.length === 0) return;
  const result = await tx.query({
    name: "hookflow_insert_profiles_v1",
    text: INSERT_PROFILES,
    values: [JSON.stringify(profileWriteRows(inserts))],
  });
  if (result.rowCount !== inserts.length) {
    throw new RetryableConflict("a profile with one of these identifiers was created concurrently");
  }
}
