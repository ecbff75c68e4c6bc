import type { Db } from "@/lib/db/prisma";
import { invalid } from "@/lib/errors";

export const EVENTS_PAGE_MAX = 200;

export type TEventCursor = { time: Date; id: string };

/** Opaque keyset cursor: (time, id) of the last row of the previous page, newest first. */
export function encodeEventCursor(cursor: TEventCursor): string {
  return Buffer.from(`${cursor.time.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeEventCursor(raw: string, pointer = "page[cursor]"): TEventCursor {
  const [time, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const date = new Date(time ?? "");
  if (!id || Number.isNaN(date.getTime())) throw invalid("The page cursor is not valid", pointer);
  return { time: date, id };
}

/**
 * Events of a workspace, newest first, keyset-paginated on (time, id) so a page costs the same at
 * 10M events as at 10 (index events(workspace_id, [metric_id|profile_id,] time desc, id)).
 */
export async function listEvents(
  options: {
    workspaceId: string;
    metricIds?: string[];
    profileId?: string;
    cursor?: TEventCursor;
    pageSize?: number;
  },
  db: Db,
) {
  const pageSize = Math.min(Math.max(options.pageSize ?? 50, 1), EVENTS_PAGE_MAX);
  const rows = await db.event.findMany({
    where: {
      workspaceId: options.workspaceId,
      ...(options.metricIds ? { metricId: { in: options.metricIds } } : {}),
      ...(options.profileId ? { profileId: options.profileId } : {}),
      ...(options.cursor
        ? {
            OR: [
              { time: { lt: options.cursor.time } },
              { time: options.cursor.time, id: { lt: options.cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ time: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    include: {
      metric: { select: { id: true, name: true, isMessageMetric: true } },
      profile: { select: { id: true, email: true, phoneNumber: true, externalId: true, firstName: true, lastName: true } },
    },
  });
  const hasMore = rows.length > pageSize;
  const page = hasMore ? rows.slice(0, pageSize) : rows;
  const last = page.at(-1);
  return { events: page, nextCursor: hasMore && last ? encodeEventCursor({ time: last.time, id: last.id }) : null };
}
