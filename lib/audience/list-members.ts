import { z } from "zod";
import { getListOrThrow } from "@/lib/audience/lists";
import { reevaluateSegmentsForProfiles } from "@/lib/audience/segments/reevaluate-segments";
import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { sqlClientOf } from "@/lib/db/sql-client";
import { onAudienceJoined } from "@/lib/engine/on-audience-joined";
import { HookflowError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids/uuid-v7";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

/** Klaviyo accepts up to 1,000 profiles per add/remove request. */
export const MAX_LIST_MEMBER_CHANGES = 1000;

export const ZListMembersDocument = z.object({
  data: z
    .array(z.object({ type: z.literal("profile"), id: z.string().min(1).max(64) }).strict())
    .min(1, "Name at least one profile")
    .max(MAX_LIST_MEMBER_CHANGES, `At most ${MAX_LIST_MEMBER_CHANGES} profiles per request`),
});

/**
 * Adds profiles to a list (already members are left as they are, keeping their join time).
 * Every id must be a profile of the workspace (404 naming the first unknown one, nothing added).
 * The insert selects from profiles under the workspace, so a profile deleted meanwhile is simply
 * not added rather than failing on the foreign key.
 */
export async function addProfilesToList(
  options: { workspaceId: string; listId: string; document: unknown },
  db: PrismaClient = prisma,
): Promise<{ added: number }> {
  const document = ZListMembersDocument.parse(options.document);
  const list = await getListOrThrow({ workspaceId: options.workspaceId, listId: options.listId }, db);
  const ids = document.data.map((entry) => entry.id);
  const validIds = [...new Set(ids.filter(isUuid))];
  const found = await db.profile.findMany({
    where: { workspaceId: options.workspaceId, id: { in: validIds } },
    select: { id: true },
  });
  const known = new Set(found.map((profile) => profile.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) {
    throw new HookflowError("not_found", `No profile with id ${ids[missing]}`, {
      pointer: `/data/${missing}/id`,
    });
  }
  const joins = await db.$transaction((tx) =>
    joinProfilesToList(sqlClientOf(tx), {
      workspaceId: options.workspaceId,
      listId: list.id,
      profileIds: validIds,
    }),
  );
  return { added: joins.length };
}

/**
 * The one join path, inside the caller's transaction (the list is known to be the workspace's):
 * inserts the memberships that do not exist yet (a member keeps its join time), and with them the
 * job that starts list-triggered flows and the re-evaluation of segments reading the list — all
 * commit together, so a join starts its flows exactly once. Profiles of other workspaces or
 * deleted meanwhile are not added (the insert selects them under the workspace).
 */
export async function joinProfilesToList(
  tx: TPgTx,
  options: { workspaceId: string; listId: string; profileIds: readonly string[] },
): Promise<{ profileId: string; joinedAt: Date }[]> {
  if (options.profileIds.length === 0) return [];
  const result = await tx.query<{ profile_id: string; created_at: Date }>(
    `insert into list_memberships (workspace_id, list_id, profile_id)
     select p.workspace_id, $2::uuid, p.id from profiles p
     where p.workspace_id = $1::uuid and p.id = any($3::uuid[])
     order by p.id
     on conflict (list_id, profile_id) do nothing
     returning profile_id, created_at`,
    [options.workspaceId, options.listId, options.profileIds],
  );
  const joins = result.rows.map((row) => ({ profileId: row.profile_id, joinedAt: new Date(row.created_at) }));
  await onAudienceJoined(tx, {
    kind: "list",
    workspaceId: options.workspaceId,
    audienceId: options.listId,
    joins,
  });
  await reevaluateSegmentsForProfiles(tx, [
    {
      workspaceId: options.workspaceId,
      profileIds: joins.map((join) => join.profileId),
      listIds: [options.listId],
    },
  ]);
  return joins;
}

/** Removes profiles from a list; ids that are not members (or not profiles) are ignored, as in Klaviyo. */
export async function removeProfilesFromList(
  options: { workspaceId: string; listId: string; document: unknown },
  db: Db = prisma,
): Promise<{ removed: number }> {
  const document = ZListMembersDocument.parse(options.document);
  const list = await getListOrThrow({ workspaceId: options.workspaceId, listId: options.listId }, db);
  const ids = document.data.map((entry) => entry.id).filter(isUuid);
  // The leaves and the segments reading this list change together.
  const removed = await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ profile_id: string }[]>`
      delete from list_memberships
      where workspace_id = ${options.workspaceId}::uuid and list_id = ${list.id}::uuid and profile_id = any(${ids}::uuid[])
      returning profile_id`;
    await reevaluateSegmentsForProfiles(sqlClientOf(tx), [
      { workspaceId: options.workspaceId, profileIds: rows.map((row) => row.profile_id), listIds: [list.id] },
    ]);
    return rows.length;
  });
  return { removed };
}

export type TListMemberCursor = { joinedAt: Date; profileId: string };

/**
 * Members of a list in join order, keyset-paginated on (created_at, profile_id) — the order of
 * index list_memberships(list_id, created_at, profile_id).
 */
export async function listListMembers(
  options: {
    workspaceId: string;
    listId: string;
    emails?: string[];
    phoneNumbers?: string[];
    cursor?: TListMemberCursor;
    pageSize: number;
  },
  db: Db = prisma,
) {
  const list = await getListOrThrow({ workspaceId: options.workspaceId, listId: options.listId }, db);
  const where: Prisma.ListMembershipWhereInput[] = [{ workspaceId: options.workspaceId, listId: list.id }];
  if (options.emails) where.push({ profile: { email: { in: options.emails } } });
  if (options.phoneNumbers) where.push({ profile: { phoneNumber: { in: options.phoneNumbers } } });
  if (options.cursor) {
    where.push({
      OR: [
        { createdAt: { gt: options.cursor.joinedAt } },
        { createdAt: options.cursor.joinedAt, profileId: { gt: options.cursor.profileId } },
      ],
    });
  }
  const rows = await db.listMembership.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "asc" }, { profileId: "asc" }],
    take: options.pageSize + 1,
    include: { profile: true },
  });
  const hasMore = rows.length > options.pageSize;
  const members = hasMore ? rows.slice(0, options.pageSize) : rows;
  const last = members.at(-1);
  return {
    members: members.map((row) => ({ profile: row.profile, joinedAt: row.createdAt })),
    next: hasMore && last ? { joinedAt: last.createdAt, profileId: last.profileId } : null,
  };
}
