import type { TProfileWrite } from "@/lib/audience/resolve-profiles";
import type { TAudienceChange } from "@/lib/audience/segments/reevaluate-segments";

/** The property paths a profile write touches, in the segment definitions' vocabulary. */
export function changedPropertyPaths(write: TProfileWrite): string[] {
  const paths = [...Object.keys(write.identifiers), ...Object.keys(write.columns)];
  if (write.clearLocation) paths.push("location.*");
  for (const key of Object.keys(write.location)) paths.push(`location.${key}`);
  for (const key of Object.keys(write.properties)) paths.push(`properties.${key}`);
  for (const key of write.unsetProperties) paths.push(`properties.${key}`);
  return paths;
}

/**
 * Audience changes of an ingestion batch or a profile upsert: new profiles may match any segment
 * ("any"); updated ones only segments reading a written path; events only segments counting their
 * metric. One change per workspace and kind.
 */
export function audienceChangesOf(options: {
  inserts?: readonly TProfileWrite[];
  updates?: readonly TProfileWrite[];
  events?: readonly { workspaceId: string; profileId: string; metricId: string }[];
}): TAudienceChange[] {
  const changes: TAudienceChange[] = [];
  const byWorkspace = <T extends { workspaceId: string }>(items: readonly T[]) => {
    const groups = new Map<string, T[]>();
    for (const item of items) groups.set(item.workspaceId, [...(groups.get(item.workspaceId) ?? []), item]);
    return groups;
  };
  for (const [workspaceId, inserts] of byWorkspace(options.inserts ?? [])) {
    changes.push({ workspaceId, profileIds: inserts.map((write) => write.id), properties: "any" });
  }
  for (const [workspaceId, updates] of byWorkspace(options.updates ?? [])) {
    changes.push({
      workspaceId,
      profileIds: updates.map((write) => write.id),
      properties: new Set(updates.flatMap(changedPropertyPaths)),
    });
  }
  for (const [workspaceId, events] of byWorkspace(options.events ?? [])) {
    changes.push({
      workspaceId,
      profileIds: events.map((event) => event.profileId),
      metricIds: new Set(events.map((event) => event.metricId)),
    });
  }
  return changes;
}
