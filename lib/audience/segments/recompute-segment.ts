import type pg from "pg";
import { compileSegmentPredicate, SqlParams } from "@/lib/audience/segments/compile-segment-sql";
import type { TLoadedSegment } from "@/lib/audience/segments/segment-graph";
import { onAudienceJoined } from "@/lib/engine/on-audience-joined";
import { notFound } from "@/lib/errors";
import { type TPgTx, withPgTransaction } from "@/lib/ingestion/pg-transaction";

export type TRecomputeResult = { size: number; joined: number; left: number };

// A full recompute is ONE statement: the matching set is computed once (materialized), members
// that no longer match are deleted, new ones inserted, both recorded in segment_membership_changes
// and today's size snapshot upserted — then the joins start the segment-triggered flows in the
// same transaction, so a committed join always has its flow runs queued.
// work_mem is raised for this transaction only: the event-count conditions hash the profile ids of
// a metric's events (~36 bytes per profile), and a hash that spills to disk per batch is the
// difference between ~2 s and a minute at 1M profiles. Nested loops are priced out: every join
// here is set against set, and the matching set is a CTE (no index), so a nested loop over it
// misjudged as tiny would be quadratic (a guard: two recomputes of an 18k-member segment once
// took 67-70 s instead of ~5 s in bench:audience on a box at load 17, cause not pinned down).
const RECOMPUTE_BEGIN_SQL =
  "set local statement_timeout = 120000; set local work_mem = '128MB'; set local enable_nestloop = off";

function recomputeSql(predicate: string): string {
  return `
  with matching as materialized (
    select p.id from profiles p where p.workspace_id = $1::uuid and ${predicate}
  ), gone as (
    delete from segment_memberships sm
    where sm.segment_id = $2::uuid and not exists (select 1 from matching m where m.id = sm.profile_id)
    returning sm.profile_id
  ), joined as (
    insert into segment_memberships (workspace_id, segment_id, profile_id, joined_at)
    select $1::uuid, $2::uuid, m.id, $3::timestamptz from matching m
    where not exists (select 1 from segment_memberships sm where sm.segment_id = $2::uuid and sm.profile_id = m.id)
    order by m.id
    on conflict (segment_id, profile_id) do nothing
    returning profile_id
  ), history as (
    insert into segment_membership_changes (workspace_id, segment_id, profile_id, change, at)
    select $1::uuid, $2::uuid, profile_id, 'joined', $3::timestamptz from joined
    union all
    select $1::uuid, $2::uuid, profile_id, 'left', $3::timestamptz from gone
  ), snapshot as (
    insert into segment_size_snapshots (workspace_id, segment_id, day, size, computed_at)
    values ($1::uuid, $2::uuid, ($3::timestamptz at time zone 'UTC')::date, (select count(*) from matching), $3::timestamptz)
    on conflict (segment_id, day) do update set size = excluded.size, computed_at = excluded.computed_at
  )
  select (select count(*)::int from matching) as size,
         (select count(*)::int from joined) as joined,
         (select count(*)::int from gone) as left,
         case when $4::boolean then (select coalesce(array_agg(profile_id), '{}') from joined) end as joined_ids`;
}

/** Whether a live or manual flow starts when someone joins this segment (then the joins are read back). */
export async function hasSegmentTriggeredFlow(tx: TPgTx, segmentId: string): Promise<boolean> {
  const result = await tx.query<{ found: boolean }>(
    `select exists (select 1 from flows where status in ('live', 'manual') and trigger_type = 'segment-trigger'
                    and trigger_ref = $1) as found`,
    [segmentId],
  );
  return result.rows[0]?.found ?? false;
}

const JOIN_JOB_CHUNK = 1000;

/** Inside the caller's transaction; the segment row is locked so two recomputes never interleave. */
export async function recomputeSegmentInTransaction(
  tx: TPgTx,
  segment: TLoadedSegment,
  options: { now: Date },
): Promise<TRecomputeResult> {
  const locked = await tx.query("select 1 from segments where id = $1 for no key update", [segment.id]);
  // Deleted meanwhile (a sweep that loaded it earlier): nothing may be inserted for it, as no
  // foreign key would stop the insert.
  if (locked.rowCount === 0) throw notFound("The segment");
  const params = new SqlParams([segment.workspaceId, segment.id, options.now]);
  const wantsJoins = await hasSegmentTriggeredFlow(tx, segment.id);
  params.values.push(wantsJoins);
  const predicate = compileSegmentPredicate(segment.definition, {
    params,
    workspaceParam: "$1::uuid",
    now: options.now,
    strategy: "set",
  });
  const result = await tx.query<TRecomputeResult & { joined_ids: string[] | null }>(
    recomputeSql(predicate),
    params.values,
  );
  const row = result.rows[0]!;
  const joinedIds = row.joined_ids ?? [];
  // One queue job per 1,000 joins: a first computation of a 1M segment must not be one 40 MB job.
  for (let start = 0; start < joinedIds.length; start += JOIN_JOB_CHUNK) {
    await onAudienceJoined(tx, {
      kind: "segment",
      workspaceId: segment.workspaceId,
      audienceId: segment.id,
      joins: joinedIds
        .slice(start, start + JOIN_JOB_CHUNK)
        .map((profileId) => ({ profileId, joinedAt: options.now })),
    });
  }
  return { size: row.size, joined: row.joined, left: row.left };
}

/** Recomputes one segment over all of its workspace's profiles, in a transaction of its own. */
export async function recomputeSegment(
  segment: TLoadedSegment,
  options: { database?: pg.Pool; now?: Date } = {},
): Promise<TRecomputeResult> {
  return withPgTransaction(
    (tx) => recomputeSegmentInTransaction(tx, segment, { now: options.now ?? new Date() }),
    { database: options.database, beginSql: RECOMPUTE_BEGIN_SQL },
  );
}
