import type { TEngineProfile } from "@/lib/engine/load-subjects";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids/uuid-v7";

// What a function receives as `event` and `profile` (and getProfile answers): JSON-safe, camelCase,
// dates as ISO strings — the shapes the editor's typings document (components/code/typings).

/** The engine's profile with its dates as ISO strings. */
export type TInvocationProfile = Omit<TEngineProfile, "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
};

export type TInvocationEvent = {
  id: string;
  metric: { id: string; name: string };
  properties: Record<string, unknown>;
  time: string;
  value: number | null;
  uniqueId: string | null;
};

export function toInvocationProfile(profile: TEngineProfile): TInvocationProfile {
  return {
    id: profile.id,
    email: profile.email,
    phoneNumber: profile.phoneNumber,
    externalId: profile.externalId,
    firstName: profile.firstName,
    lastName: profile.lastName,
    organization: profile.organization,
    title: profile.title,
    locale: profile.locale,
    timezone: profile.timezone,
    location: profile.location ?? {},
    properties: profile.properties ?? {},
    createdAt: new Date(profile.createdAt).toISOString(),
    updatedAt: new Date(profile.updatedAt).toISOString(),
  };
}

export async function readInvocationProfile(
  prisma: PrismaClient,
  options: { workspaceId: string; profileId: string },
): Promise<TInvocationProfile | null> {
  if (!isUuid(options.profileId)) return null;
  const row = await prisma.profile.findFirst({
    where: { id: options.profileId, workspaceId: options.workspaceId },
  });
  if (!row) return null;
  return toInvocationProfile({
    ...row,
    location: row.location as Record<string, unknown>,
    properties: row.properties as Record<string, unknown>,
  });
}

/** A stored event (with its depth, which write-backs it causes continue from). */
export async function readInvocationEvent(
  prisma: PrismaClient,
  options: { workspaceId: string; eventId: string },
): Promise<{ event: TInvocationEvent; profileId: string; depth: number } | null> {
  if (!isUuid(options.eventId)) return null;
  const rows = await prisma.$queryRaw<
    {
      id: string;
      metric_id: string;
      metric_name: string;
      properties: Record<string, unknown>;
      time: Date;
      value: number | null;
      unique_id: string;
      profile_id: string;
      depth: number;
    }[]
  >`
    select e.id, e.metric_id, m.name as metric_name, e.properties, e.time, e.value::float8 as value,
           e.unique_id, e.profile_id, e.depth
    from events e join metrics m on m.id = e.metric_id
    where e.id = ${options.eventId}::uuid and e.workspace_id = ${options.workspaceId}::uuid`;
  const row = rows[0];
  if (!row) return null;
  return {
    event: {
      id: row.id,
      metric: { id: row.metric_id, name: row.metric_name },
      properties: row.properties,
      time: row.time.toISOString(),
      value: row.value,
      uniqueId: row.unique_id,
    },
    profileId: row.profile_id,
    depth: row.depth,
  };
}
