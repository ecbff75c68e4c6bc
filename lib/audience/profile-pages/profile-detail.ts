import { prisma } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";

// The profile page's reads. Each is one index range, whatever the profile's history:
// memberships by (profile_id), the timeline by events(profile_id, time, id) read backwards,
// runs by runs(workspace_id, profile_id, started_at desc).

export async function listProfileMemberships(options: { workspaceId: string; profileId: string }) {
  const [lists, segments] = await Promise.all([
    prisma.listMembership.findMany({
      where: { workspaceId: options.workspaceId, profileId: options.profileId },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true, list: { select: { id: true, name: true } } },
      take: 200,
    }),
    // segment_memberships has no foreign keys (so no Prisma relation): joined by hand.
    prisma.$queryRaw<{ id: string; name: string; joinedAt: Date }[]>`
      select s.id::text as id, s.name, sm.joined_at as "joinedAt"
      from segment_memberships sm join segments s on s.id = sm.segment_id
      where sm.profile_id = ${options.profileId}::uuid and sm.workspace_id = ${options.workspaceId}::uuid
      order by sm.joined_at desc limit 200`,
  ]);
  return {
    lists: lists.map((row) => ({ id: row.list.id, name: row.list.name, joinedAt: row.createdAt })),
    segments,
  };
}

export type TTimelineCursor = { time: Date; id: string };
export type TTimelineEvent = {
  id: string;
  metricId: string;
  metricName: string;
  time: Date;
  properties: unknown;
  origin: string;
};

/** A page of the profile's events, newest first, optionally of one metric. */
export async function listProfileEvents(options: {
  workspaceId: string;
  profileId: string;
  metricId?: string;
  cursor?: TTimelineCursor;
  pageSize: number;
}) {
  const conditions = [
    Prisma.sql`e.profile_id = ${options.profileId}::uuid`,
    Prisma.sql`e.workspace_id = ${options.workspaceId}::uuid`,
  ];
  if (options.metricId) conditions.push(Prisma.sql`e.metric_id = ${options.metricId}::uuid`);
  if (options.cursor) {
    conditions.push(
      Prisma.sql`(e.time, e.id) < (${options.cursor.time}::timestamptz, ${options.cursor.id}::uuid)`,
    );
  }
  const rows = await prisma.$queryRaw<TTimelineEvent[]>`
    select e.id::text as id, e.metric_id::text as "metricId", m.name as "metricName", e.time,
      e.properties, e.origin
    from events e join metrics m on m.id = e.metric_id
    where ${Prisma.join(conditions, " and ")}
    order by e.time desc, e.id desc
    limit ${options.pageSize + 1}`;
  const hasMore = rows.length > options.pageSize;
  const events = rows.slice(0, options.pageSize);
  const last = events.at(-1);
  return { events, next: hasMore && last ? { time: last.time, id: last.id } : null };
}

/** The workspace's metrics, for the timeline's filter. */
export function listMetricsForFilter(workspaceId: string) {
  return prisma.metric.findMany({
    where: { workspaceId },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
    take: 500,
  });
}

/** The profile's latest flow runs (newest first), with their flow's name for the link. */
export function listProfileRuns(options: { workspaceId: string; profileId: string; take: number }) {
  return prisma.run.findMany({
    where: { workspaceId: options.workspaceId, profileId: options.profileId },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: options.take,
    select: {
      id: true,
      flowId: true,
      status: true,
      startedAt: true,
      flow: { select: { name: true } },
    },
  });
}
