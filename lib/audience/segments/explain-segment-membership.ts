import type { TSegmentCondition } from "@/lib/audience/segment-definition";
import { conditionSql, SqlParams } from "@/lib/audience/segments/compile-segment-sql";
import { getSegmentOrThrow } from "@/lib/audience/segments/segment-queries";
import { pool } from "@/lib/db/prisma";
import { invalid, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export type TSegmentExplanation = {
  profile: { id: string; email: string | null };
  /** Whether the profile is a member as stored (what flows and lists see). */
  isMember: boolean;
  /** Whether the definition matches the profile right now (differs from isMember until the next computation of a time window). */
  matchesNow: boolean;
  match: "all" | "any";
  groups: {
    match: "all" | "any";
    matched: boolean;
    conditions: { condition: TSegmentCondition; matched: boolean }[];
  }[];
};

/**
 * "Why is this profile in it?": every condition evaluated for one profile, in SQL (the same
 * compiled expressions as the membership, correlated on the profile's own events), in one query.
 */
export async function explainSegmentMembership(
  options: { workspaceId: string; segmentId: string; profileId: string; now?: Date },
  db: TPgTx = pool(),
): Promise<TSegmentExplanation> {
  const segment = await getSegmentOrThrow(options, db);
  if (!segment.loaded) throw invalid("This segment's definition is not valid: open it and save it again");
  if (!isUuid(options.profileId)) throw notFound("The profile");
  const definition = segment.loaded.definition;
  const params = new SqlParams([options.workspaceId, options.profileId, options.segmentId]);
  const context = {
    params,
    workspaceParam: "$1::uuid",
    now: options.now ?? new Date(),
    strategy: "correlated" as const,
  };
  const columns = definition.groups.flatMap((group, groupIndex) =>
    group.conditions.map(
      (condition, conditionIndex) =>
        `coalesce((${conditionSql(condition, context)}), false) as "c${groupIndex}_${conditionIndex}"`,
    ),
  );
  const result = await db.query<Record<string, unknown>>(
    `select p.id, p.email,
            exists (select 1 from segment_memberships sm where sm.segment_id = $3::uuid and sm.profile_id = p.id) as is_member,
            ${columns.join(",\n")}
     from profiles p where p.workspace_id = $1::uuid and p.id = $2::uuid`,
    params.values,
  );
  const row = result.rows[0];
  if (!row) throw notFound("The profile");
  const groups = definition.groups.map((group, groupIndex) => {
    const conditions = group.conditions.map((condition, conditionIndex) => ({
      condition,
      matched: row[`c${groupIndex}_${conditionIndex}`] === true,
    }));
    const matched =
      group.match === "all"
        ? conditions.every((entry) => entry.matched)
        : conditions.some((entry) => entry.matched);
    return { match: group.match, matched, conditions };
  });
  const matchesNow =
    definition.match === "all"
      ? groups.every((group) => group.matched)
      : groups.some((group) => group.matched);
  return {
    profile: { id: row.id as string, email: row.email as string | null },
    isMember: row.is_member === true,
    matchesNow,
    match: definition.match,
    groups,
  };
}
