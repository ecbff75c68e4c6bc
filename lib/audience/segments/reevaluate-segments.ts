import { compileSegmentPredicate, SqlParams } from "@/lib/audience/segments/compile-segment-sql";
import {
  orderByDependencies,
  parseSegments,
  type TLoadedSegment,
} from "@/lib/audience/segments/segment-graph";
import { onAudienceJoined } from "@/lib/engine/on-audience-joined";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

/** What changed for some profiles of one workspace: only segments reading one of these are re-evaluated. */
export type TAudienceChange = {
  workspaceId: string;
  profileIds: readonly string[];
  /** Changed property paths ("locale", "properties.plan", "location.*" for a cleared location), or "any" (a new profile). */
  properties?: Iterable<string> | "any";
  /** Metrics of newly stored events. */
  metricIds?: Iterable<string>;
  /** Lists the profiles joined or left. */
  listIds?: Iterable<string>;
};

function readsChange(segment: TLoadedSegment, change: TAudienceChange): boolean {
  const { dependencies } = segment;
  if (change.properties === "any") return true;
  for (const path of change.properties ?? []) {
    if (dependencies.properties.has(path)) return true;
    if (path === "location.*" && [...dependencies.properties].some((dep) => dep.startsWith("location.")))
      return true;
  }
  for (const id of change.metricIds ?? []) if (dependencies.metricIds.has(id)) return true;
  for (const id of change.listIds ?? []) if (dependencies.listIds.has(id)) return true;
  return false;
}

/** The segments a change reaches: those reading it, then those reading one of those (segment-in-segment). */
export function affectedSegments(
  segments: readonly TLoadedSegment[],
  change: TAudienceChange,
): TLoadedSegment[] {
  const affected = new Set(
    segments.filter((segment) => readsChange(segment, change)).map((segment) => segment.id),
  );
  for (let grew = true; grew; ) {
    grew = false;
    for (const segment of segments) {
      if (affected.has(segment.id)) continue;
      if ([...segment.dependencies.segmentIds].some((id) => affected.has(id))) {
        affected.add(segment.id);
        grew = true;
      }
    }
  }
  return orderByDependencies(segments.filter((segment) => affected.has(segment.id)));
}

// Per segment, one statement over just the changed profiles (the correlated strategy: each event
// count reads the profile's own events through (profile_id, time, id)). Inserts go in profile id
// order so two batches touching the same profiles lock in the same order. The segment row is
// share-locked for keys first (what a foreign key did per row, once): a segment deleted meanwhile
// (deleteSegment holds it FOR UPDATE, then deletes its members) gets no member inserted.
function reevaluateSql(predicate: string): string {
  return `
  with live as materialized (
    select 1 from segments where id = $2::uuid for key share
  ), candidates as (
    select p.id, ${predicate} as is_match from profiles p
    where p.workspace_id = $1::uuid and p.id = any($4::uuid[])
  ), joined as (
    insert into segment_memberships (workspace_id, segment_id, profile_id, joined_at)
    select $1::uuid, $2::uuid, c.id, $3::timestamptz from candidates c
    where c.is_match and exists (select 1 from live)
    order by c.id
    on conflict (segment_id, profile_id) do nothing
    returning profile_id
  ), gone as (
    delete from segment_memberships sm using candidates c
    where sm.segment_id = $2::uuid and sm.profile_id = c.id and not c.is_match
    returning sm.profile_id
  ), history as (
    insert into segment_membership_changes (workspace_id, segment_id, profile_id, change, at)
    select $1::uuid, $2::uuid, profile_id, 'joined', $3::timestamptz from joined
    union all
    select $1::uuid, $2::uuid, profile_id, 'left', $3::timestamptz from gone
  )
  select coalesce((select array_agg(profile_id) from joined), '{}') as joined_ids,
         (select count(*)::int from gone) as left`;
}

export type TReevaluateResult = { segments: number; joined: number; left: number };

/**
 * The incremental path, called INSIDE the transaction that writes profile changes, events or list
 * memberships (ingestion, profile upserts, list joins): membership, its history and the
 * segment-triggered flows' job commit with the data that caused them. One query loads the
 * workspaces' segments (nothing more happens when no segment reads what changed), then one
 * statement per affected segment, in dependency order.
 */
export async function reevaluateSegmentsForProfiles(
  tx: TPgTx,
  changes: readonly TAudienceChange[],
  options: { now?: Date } = {},
): Promise<TReevaluateResult> {
  const relevant = changes.filter((change) => change.profileIds.length > 0);
  const total: TReevaluateResult = { segments: 0, joined: 0, left: 0 };
  if (relevant.length === 0) return total;
  const rows = await tx.query<{ id: string; workspace_id: string; name: string; definition: unknown }>(
    "select id, workspace_id, name, definition from segments where workspace_id = any($1::uuid[])",
    [[...new Set(relevant.map((change) => change.workspaceId))]],
  );
  if (rows.rows.length === 0) return total;
  const segments = parseSegments(rows.rows);
  const now = options.now ?? new Date();
  for (const change of relevant) {
    const own = segments.filter((segment) => segment.workspaceId === change.workspaceId);
    const profileIds = [...new Set(change.profileIds)].sort();
    for (const segment of affectedSegments(own, change)) {
      const params = new SqlParams([segment.workspaceId, segment.id, now, profileIds]);
      const predicate = compileSegmentPredicate(segment.definition, {
        params,
        workspaceParam: "$1::uuid",
        now,
        strategy: "correlated",
      });
      const result = await tx.query<{ joined_ids: string[]; left: number }>(
        reevaluateSql(predicate),
        params.values,
      );
      const row = result.rows[0]!;
      total.segments++;
      total.joined += row.joined_ids.length;
      total.left += row.left;
      await onAudienceJoined(tx, {
        kind: "segment",
        workspaceId: segment.workspaceId,
        audienceId: segment.id,
        joins: row.joined_ids.map((profileId) => ({ profileId, joinedAt: now })),
      });
    }
  }
  return total;
}
