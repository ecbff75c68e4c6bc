import "server-only";
import type { TActivityEvent, TActivityPage } from "@/components/activity/types";
import { prisma } from "@/lib/db/prisma";
import { decodeEventCursor, listEvents } from "@/lib/events/list-events";

export const ACTIVITY_PAGE_SIZE = 50;

type TEventRow = Awaited<ReturnType<typeof listEvents>>["events"][number];

/** A page of the workspace's events, shaped for the feed (shared by the page and the endpoint). */
export async function loadActivityPage(options: {
  workspaceId: string;
  metricId?: string;
  cursor?: string;
  /** Only events at or after this time (ISO); `gte`, not `gt`: ids break ties within a millisecond. */
  since?: string;
  limit?: number;
}): Promise<TActivityPage> {
  const page = await listEvents(
    {
      workspaceId: options.workspaceId,
      metricIds: options.metricId ? [options.metricId] : undefined,
      cursor: options.cursor ? decodeEventCursor(options.cursor, "cursor") : undefined,
      time: options.since ? { gte: new Date(options.since) } : undefined,
      pageSize: options.limit ?? ACTIVITY_PAGE_SIZE,
    },
    prisma,
  );
  return { events: page.events.map(toActivityEvent), nextCursor: page.nextCursor };
}

function toActivityEvent(row: TEventRow): TActivityEvent {
  const { profile } = row;
  const name = [profile.firstName, profile.lastName].filter(Boolean).join(" ") || null;
  return {
    id: row.id,
    time: row.time.toISOString(),
    metric: { id: row.metric.id, name: row.metric.name },
    profile: {
      id: profile.id,
      label: profile.email ?? profile.phoneNumber ?? profile.externalId ?? `Profile ${profile.id.slice(-8)}`,
      email: profile.email,
      name,
    },
    properties: row.properties,
    value: row.value?.toString() ?? null,
    valueCurrency: row.valueCurrency,
    origin: row.origin,
  };
}
