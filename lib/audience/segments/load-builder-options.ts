import { PROFILE_COLUMNS } from "@/lib/audience/segment-definition";
import { pool } from "@/lib/db/prisma";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export type TSegmentBuilderOptions = {
  /** Property paths seen on the workspace's profiles ("locale", "properties.plan", "location.country"). */
  properties: string[];
  metrics: { id: string; name: string }[];
  lists: { id: string; name: string }[];
  segments: { id: string; name: string }[];
};

// Keys are read from the newest profiles only: scanning 1M profiles' JSON for the picker would
// take seconds, and a key that only old profiles have can still be typed in.
const KEY_SAMPLE = 2000;

/** What the builder's pickers offer, from the workspace's real data. */
export async function loadSegmentBuilderOptions(
  options: { workspaceId: string },
  db: TPgTx = pool(),
): Promise<TSegmentBuilderOptions> {
  const result = await db.query<{ kind: string; id: string; name: string }>(
    `(select 'metric' as kind, id::text, name from metrics where workspace_id = $1 order by name)
     union all (select 'list', id::text, name from lists where workspace_id = $1 order by name)
     union all (select 'segment', id::text, name from segments where workspace_id = $1 order by name)
     union all (
       select distinct 'property', '', k from (
         select properties, location from profiles where workspace_id = $1
         order by created_at desc, id desc limit ${KEY_SAMPLE}
       ) p, lateral (
         select 'properties.' || jsonb_object_keys(case when jsonb_typeof(p.properties) = 'object' then p.properties else '{}' end) as k
         union all
         select 'location.' || jsonb_object_keys(case when jsonb_typeof(p.location) = 'object' then p.location else '{}' end)
       ) keys
     )`,
    [options.workspaceId],
  );
  const of = (kind: string) =>
    result.rows.filter((row) => row.kind === kind).map((row) => ({ id: row.id, name: row.name }));
  return {
    properties: [
      ...PROFILE_COLUMNS,
      ...of("property")
        .map((row) => row.name)
        .sort(),
    ],
    metrics: of("metric"),
    lists: of("list"),
    segments: of("segment"),
  };
}
