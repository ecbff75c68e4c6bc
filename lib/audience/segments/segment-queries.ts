import { parseSegments, type TLoadedSegment } from "@/lib/audience/segments/segment-graph";
import { pool } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export type TSegmentSummary = {
  id: string;
  name: string;
  size: number;
  lastComputedAt: Date | null;
  updatedAt: Date;
};

/** The segments list: name, current size (members counted on the primary key) and last full computation. */
export async function listSegments(
  options: { workspaceId: string },
  db: TPgTx = pool(),
): Promise<TSegmentSummary[]> {
  const result = await db.query<{
    id: string;
    name: string;
    size: number;
    computed_at: Date | null;
    updated_at: Date;
  }>(
    `select s.id, s.name, s.updated_at,
            (select count(*)::int from segment_memberships sm where sm.segment_id = s.id) as size,
            (select max(x.computed_at) from segment_size_snapshots x where x.segment_id = s.id) as computed_at
     from segments s where s.workspace_id = $1 order by s.name, s.id`,
    [options.workspaceId],
  );
  return result.rows.map((row) => ({
    id: row.id,
    name: row.name,
    size: row.size,
    lastComputedAt: row.computed_at,
    updatedAt: row.updated_at,
  }));
}

/** One segment of the workspace with its raw definition (a stored one that no longer parses is still shown). */
export async function getSegmentOrThrow(
  options: { workspaceId: string; segmentId: string },
  db: TPgTx = pool(),
): Promise<{
  id: string;
  workspaceId: string;
  name: string;
  definition: unknown;
  loaded: TLoadedSegment | null;
}> {
  const result = isUuid(options.segmentId)
    ? await db.query<{ id: string; workspace_id: string; name: string; definition: unknown }>(
        "select id, workspace_id, name, definition from segments where id = $1 and workspace_id = $2",
        [options.segmentId, options.workspaceId],
      )
    : { rows: [] };
  const row = result.rows[0];
  if (!row) throw notFound("The segment");
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    definition: row.definition,
    loaded: parseSegments([row])[0] ?? null,
  };
}

export type TSegmentMember = {
  profileId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  joinedAt: Date;
};

/** Members in profile id order, keyset-paginated on the membership's primary key (segment_id, profile_id). */
export async function listSegmentMembers(
  options: { workspaceId: string; segmentId: string; afterProfileId?: string | null; pageSize: number },
  db: TPgTx = pool(),
): Promise<{ members: TSegmentMember[]; nextAfterProfileId: string | null }> {
  const result = await db.query<{
    profile_id: string;
    email: string | null;
    first_name: string | null;
    last_name: string | null;
    joined_at: Date;
  }>(
    `select sm.profile_id, p.email, p.first_name, p.last_name, sm.joined_at
     from segment_memberships sm join profiles p on p.id = sm.profile_id
     where sm.segment_id = $1 and sm.workspace_id = $2 and ($3::uuid is null or sm.profile_id > $3::uuid)
     order by sm.profile_id limit $4`,
    [options.segmentId, options.workspaceId, options.afterProfileId ?? null, options.pageSize + 1],
  );
  const rows = result.rows.slice(0, options.pageSize);
  return {
    members: rows.map((row) => ({
      profileId: row.profile_id,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      joinedAt: row.joined_at,
    })),
    nextAfterProfileId: result.rows.length > options.pageSize ? (rows.at(-1)?.profile_id ?? null) : null,
  };
}

/**
 * Daily sizes (oldest first) for the size chart. Past days come from the daily snapshots; today's
 * point is the current size, since incremental joins and leaves change it between snapshots (the
 * chart would otherwise disagree with the size shown beside it until the next sweep).
 */
export async function segmentSizeHistory(
  options: { workspaceId: string; segmentId: string; days: number },
  db: TPgTx = pool(),
): Promise<{ day: string; size: number }[]> {
  const result = await db.query<{ day: string; size: number }>(
    `with today as (select (now() at time zone 'UTC')::date as day)
     select to_char(s.day, 'YYYY-MM-DD') as day, s.size from segment_size_snapshots s, today
     where s.segment_id = $1 and s.workspace_id = $2 and s.day > today.day - $3::int and s.day < today.day
     union all
     select to_char(today.day, 'YYYY-MM-DD'),
            (select count(*)::int from segment_memberships m where m.segment_id = $1 and m.workspace_id = $2)
     from today
     order by day`,
    [options.segmentId, options.workspaceId, options.days],
  );
  return result.rows;
}

/** Recent joins and leaves of a segment, newest first. */
export async function recentMembershipChanges(
  options: { workspaceId: string; segmentId: string; limit: number },
  db: TPgTx = pool(),
): Promise<{ profileId: string; email: string | null; change: "joined" | "left"; at: Date }[]> {
  const result = await db.query<{
    profile_id: string;
    email: string | null;
    change: "joined" | "left";
    at: Date;
  }>(
    `select c.profile_id, p.email, c.change, c.at from segment_membership_changes c
     left join profiles p on p.id = c.profile_id
     where c.segment_id = $1 and c.workspace_id = $2 order by c.at desc, c.id desc limit $3`,
    [options.segmentId, options.workspaceId, options.limit],
  );
  return result.rows.map((row) => ({
    profileId: row.profile_id,
    email: row.email,
    change: row.change,
    at: row.at,
  }));
}
