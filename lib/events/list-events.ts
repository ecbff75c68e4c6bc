import { PROFILE_SUMMARY_SELECT } from "@/lib/audience/profile-summary";
import type { Db } from "@/lib/db/prisma";
import { invalid, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids/uuid-v7";

export const EVENTS_PAGE_MAX = 200;

export type TEventCursor = { time: Date; id: string };

/** Opaque keyset cursor: (time, id) of the last row of the previous page, newest first. */
export function encodeEventCursor(cursor: TEventCursor): string {
  return Buffer.from(`${cursor.time.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeEventCursor(raw: string, pointer = "page[cursor]"): TEventCursor {
  const [time, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const date = new Date(time ?? "");
  if (!id || !isUuid(id) || Number.isNaN(date.getTime()))
    throw invalid("The page cursor is not valid", pointer);
  return { time: date, id };
}

/**
 * Events of a workspace, newest first, keyset-paginated on (time, id) so a page costs the same at
 * 10M events as at 10 (indexes events(workspace_id|metric_id|profile_id, time, id), scanned
 * backwards: `time desc, id desc` is exactly their reverse order).
 */
export async function listEvents(
  options: {
    workspaceId: string;
    metricIds?: string[];
    profileId?: string;
    /** Bounds on the event time (the API's datetime/timestamp filters). */
    time?: { gt?: Date; gte?: Date; lt?: Date; lte?: Date };
    cursor?: TEventCursor;
    pageSize?: number;
  },
  db: Db,
) {
  const pageSize = Math.min(Math.max(options.pageSize ?? 50, 1), EVENTS_PAGE_MAX);
  // Ids that are not UUIDs match nothing (and must not reach a uuid column).
  const metricIds = options.metricIds?.filter(isUuid);
  if (
    (options.profileId !== undefined && !isUuid(options.profileId)) ||
    (metricIds && metricIds.length === 0)
  ) {
    return { events: [], nextCursor: null };
  }
  const where: Prisma.EventWhereInput[] = [{ workspaceId: options.workspaceId }];
  if (metricIds) where.push({ metricId: { in: metricIds } });
  if (options.profileId) where.push({ profileId: options.profileId });
  if (options.time) where.push({ time: options.time });
  if (options.cursor) {
    where.push({
      OR: [
        { time: { lt: options.cursor.time } },
        { time: options.cursor.time, id: { lt: options.cursor.id } },
      ],
    });
  }
  const rows = await db.event.findMany({
    where: { AND: where },
    orderBy: [{ time: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    include: {
      profile: { select: PROFILE_SUMMARY_SELECT },
    },
  });
  const hasMore = rows.length > pageSize;
  const page = await withMetrics(options.workspaceId, hasMore ? rows.slice(0, pageSize) : rows, db);
  const last = page.at(-1);
  return {
    events: page,
    nextCursor: hasMore && last ? encodeEventCursor({ time: last.time, id: last.id }) : null,
  };
}

export async function getEventOrThrow(options: { workspaceId: string; eventId: string }, db: Db) {
  const event = isUuid(options.eventId)
    ? await db.event.findFirst({ where: { id: options.eventId, workspaceId: options.workspaceId } })
    : null;
  if (!event) throw notFound(`Event ${options.eventId}`);
  const [withMetric] = await withMetrics(options.workspaceId, [event], db);
  return withMetric!;
}

/**
 * The events with their metric attached, in one query for the page. Not a Prisma relation: events
 * have no foreign key to metrics (prisma/schema/ says why), so the join is done here.
 */
async function withMetrics<T extends { id: string; metricId: string }>(
  workspaceId: string,
  events: T[],
  db: Db,
): Promise<(T & { metric: { id: string; name: string; isMessageMetric: boolean } })[]> {
  if (events.length === 0) return [];
  const metrics = await db.metric.findMany({
    where: { workspaceId, id: { in: [...new Set(events.map((event) => event.metricId))] } },
    select: { id: true, name: true, isMessageMetric: true },
  });
  const byId = new Map(metrics.map((metric) => [metric.id, metric]));
  return events.map((event) => {
    const metric = byId.get(event.metricId);
    // Metric deletion removes the metric's events in the same transaction (deleteMetric): a
    // missing one is a broken invariant, reported rather than papered over.
    if (!metric)
      throw new Error(`event ${event.id} references metric ${event.metricId}, which does not exist`);
    return { ...event, metric };
  });
}
