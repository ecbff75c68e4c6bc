import { getListOrThrowForMembers } from "@/lib/audience/list-import/list-join";
import { prisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids/uuid-v7";

/** Opaque cursor for the members table: "<joinedAt ISO>_<profileId>". */
export function encodeMemberCursor(cursor: { joinedAt: Date; profileId: string }): string {
  return `${cursor.joinedAt.toISOString()}_${cursor.profileId}`;
}

export function decodeMemberCursor(value: string | undefined): { joinedAt: Date; profileId: string } | null {
  if (!value) return null;
  const [iso, profileId] = value.split("_");
  const joinedAt = new Date(iso ?? "");
  if (!profileId || !isUuid(profileId) || Number.isNaN(joinedAt.getTime())) return null;
  return { joinedAt, profileId };
}

/**
 * One page of a list's members in join order, keyset-paginated on (created_at, profile_id) — the
 * order of index list_memberships(list_id, created_at, profile_id); never OFFSET. `emailSearch`
 * matches emails starting with the text (emails are stored lowercased).
 */
export async function listMemberPage(options: {
  workspaceId: string;
  listId: string;
  emailSearch?: string;
  after?: { joinedAt: Date; profileId: string } | null;
  pageSize: number;
}) {
  const list = await getListOrThrowForMembers(options);
  const where: Prisma.ListMembershipWhereInput[] = [{ workspaceId: options.workspaceId, listId: list.id }];
  const search = options.emailSearch?.trim().toLowerCase();
  if (search) where.push({ profile: { email: { startsWith: search } } });
  if (options.after) {
    where.push({
      OR: [
        { createdAt: { gt: options.after.joinedAt } },
        { createdAt: options.after.joinedAt, profileId: { gt: options.after.profileId } },
      ],
    });
  }
  const rows = await prisma.listMembership.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "asc" }, { profileId: "asc" }],
    take: options.pageSize + 1,
    select: {
      createdAt: true,
      profileId: true,
      profile: {
        select: { email: true, phoneNumber: true, externalId: true, firstName: true, lastName: true },
      },
    },
  });
  const hasMore = rows.length > options.pageSize;
  const members = hasMore ? rows.slice(0, options.pageSize) : rows;
  const last = members.at(-1);
  const total = await prisma.listMembership.count({ where: { listId: list.id } });
  return {
    list,
    total,
    members: members.map((row) => ({ profileId: row.profileId, joinedAt: row.createdAt, ...row.profile })),
    nextCursor:
      hasMore && last ? encodeMemberCursor({ joinedAt: last.createdAt, profileId: last.profileId }) : null,
  };
}
