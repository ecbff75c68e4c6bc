import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids/uuid-v7";

export type TProfileFilter = {
  ids?: string[];
  emails?: string[];
  phoneNumbers?: string[];
  externalIds?: string[];
};
export type TProfileCursor = { createdAt: Date; id: string };

/**
 * A page of a workspace's profiles, newest first, keyset-paginated on (created_at desc, id) —
 * the order of index profiles(workspace_id, created_at desc, id) — optionally narrowed to
 * identifiers (each an index lookup). Identifier lists AND together, values within one list OR.
 */
export async function findProfiles(
  options: { workspaceId: string; filter?: TProfileFilter; cursor?: TProfileCursor; pageSize: number },
  db: Db = prisma,
) {
  const filter = options.filter ?? {};
  const where: Prisma.ProfileWhereInput[] = [{ workspaceId: options.workspaceId }];
  // Ids that are not UUIDs cannot match (and must not reach the uuid column).
  if (filter.ids) where.push({ id: { in: filter.ids.filter(isUuid) } });
  if (filter.emails) where.push({ email: { in: filter.emails } });
  if (filter.phoneNumbers) where.push({ phoneNumber: { in: filter.phoneNumbers } });
  if (filter.externalIds) where.push({ externalId: { in: filter.externalIds } });
  if (options.cursor) {
    where.push({
      OR: [
        { createdAt: { lt: options.cursor.createdAt } },
        { createdAt: options.cursor.createdAt, id: { gt: options.cursor.id } },
      ],
    });
  }
  const rows = await db.profile.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: options.pageSize + 1,
  });
  const hasMore = rows.length > options.pageSize;
  const profiles = hasMore ? rows.slice(0, options.pageSize) : rows;
  const last = profiles.at(-1);
  return { profiles, next: hasMore && last ? { createdAt: last.createdAt, id: last.id } : null };
}

export async function getProfileOrThrow(
  options: { workspaceId: string; profileId: string },
  db: Db = prisma,
) {
  const profile = isUuid(options.profileId)
    ? await db.profile.findFirst({ where: { id: options.profileId, workspaceId: options.workspaceId } })
    : null;
  if (!profile) throw notFound(`Profile ${options.profileId}`);
  return profile;
}

/**
 * Time of each profile's latest event (Klaviyo's last_event_date): one index probe per profile on
 * events(workspace_id, profile_id, time desc), however many events a profile has.
 */
export async function lastEventDates(
  options: { workspaceId: string; profileIds: string[] },
  db: Db = prisma,
): Promise<Map<string, Date>> {
  if (options.profileIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: string; time: Date | null }[]>`
    select p.id::text as id,
      (select e.time from events e
        where e.workspace_id = ${options.workspaceId}::uuid and e.profile_id = p.id
        order by e.time desc limit 1) as time
    from unnest(${options.profileIds}::uuid[]) as p(id)`;
  return new Map(rows.filter((row) => row.time).map((row) => [row.id, row.time!]));
}
