import { metricResource } from "@/lib/api/resources/metric-resource";
import { profileResource } from "@/lib/api/resources/profile-resource";
import { findProfiles, lastEventDates } from "@/lib/audience/find-profiles";
import { prisma } from "@/lib/db/prisma";

/** `included` of an events page: each distinct metric and/or profile once (include=metric,profile). */
export async function includedForEvents(
  events: { metricId: string; profileId: string }[],
  options: {
    workspaceId: string;
    baseUrl: string;
    include: Set<string>;
    fields: { metric: string[] | null; profile: string[] | null };
  },
) {
  const included: unknown[] = [];
  if (options.include.has("metric")) {
    const metricIds = [...new Set(events.map((event) => event.metricId))];
    const metrics = await prisma.metric.findMany({
      where: { workspaceId: options.workspaceId, id: { in: metricIds } },
    });
    for (const metric of metrics)
      included.push(metricResource(metric, { baseUrl: options.baseUrl, fields: options.fields.metric }));
  }
  if (options.include.has("profile")) {
    const profileIds = [...new Set(events.map((event) => event.profileId))];
    const { profiles } = await findProfiles({
      workspaceId: options.workspaceId,
      filter: { ids: profileIds },
      pageSize: profileIds.length,
    });
    const lastDates = await lastEventDates({ workspaceId: options.workspaceId, profileIds });
    for (const profile of profiles) {
      included.push(
        profileResource(profile, {
          baseUrl: options.baseUrl,
          fields: options.fields.profile,
          lastEventDate: lastDates.get(profile.id) ?? null,
        }),
      );
    }
  }
  return included;
}
