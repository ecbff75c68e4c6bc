import {
  segmentDependencies,
  type TSegmentDefinition,
  type TSegmentDependencies,
  ZSegmentDefinition,
} from "@/lib/audience/segment-definition";
import { invalid } from "@/lib/errors";

export type TLoadedSegment = {
  id: string;
  workspaceId: string;
  name: string;
  definition: TSegmentDefinition;
  dependencies: TSegmentDependencies;
};

/**
 * Stored rows → parsed segments. A row whose definition no longer parses (written by hand, or by
 * an older schema) is skipped here rather than failing the caller (an ingestion batch): it keeps
 * its last computed members until someone saves a valid definition.
 */
export function parseSegments(
  rows: readonly { id: string; workspace_id: string; name: string; definition: unknown }[],
): TLoadedSegment[] {
  const segments: TLoadedSegment[] = [];
  for (const row of rows) {
    const parsed = ZSegmentDefinition.safeParse(row.definition);
    if (!parsed.success) continue;
    segments.push({
      id: row.id,
      workspaceId: row.workspace_id,
      name: row.name,
      definition: parsed.data,
      dependencies: segmentDependencies(parsed.data),
    });
  }
  return segments;
}

/**
 * Refuses a definition that names an unknown segment, or whose segment-in-segment references lead
 * back to the segment itself (A uses B uses A): membership would have no fixed point.
 * `others` are the workspace's other segments as stored.
 */
export function assertNoSegmentCycle(options: {
  segmentId: string | null;
  definition: TSegmentDefinition;
  others: readonly { id: string; name: string; segmentIds: ReadonlySet<string> }[];
}): void {
  const byId = new Map(options.others.map((segment) => [segment.id, segment]));
  options.definition.groups.forEach((group, groupIndex) => {
    group.conditions.forEach((condition, conditionIndex) => {
      if (condition.kind !== "segment-membership") return;
      const pointer = `definition.groups.${groupIndex}.conditions.${conditionIndex}.segmentId`;
      if (condition.segmentId === options.segmentId) {
        throw invalid("A segment cannot contain itself", pointer);
      }
      if (!byId.has(condition.segmentId)) throw invalid("That segment does not exist", pointer);
      // Depth-first from the referenced segment: reaching the one being saved closes a cycle.
      const path = [condition.segmentId];
      const seen = new Set<string>();
      const visit = (id: string): boolean => {
        if (id === options.segmentId) return true;
        if (seen.has(id)) return false;
        seen.add(id);
        for (const next of byId.get(id)?.segmentIds ?? []) {
          path.push(next);
          if (visit(next)) return true;
          path.pop();
        }
        return false;
      };
      if (options.segmentId && visit(condition.segmentId)) {
        const names = path.map((id) =>
          id === options.segmentId ? "this segment" : (byId.get(id)?.name ?? id),
        );
        throw invalid(`Segments would contain each other: this segment → ${names.join(" → ")}`, pointer);
      }
    });
  });
}

/**
 * `segments` ordered so that every segment comes after the segments it reads (the incremental
 * path evaluates them one statement after another in this order). Cycles are refused on save;
 * a stored one (never expected) is broken by leaving its members in input order.
 */
export function orderByDependencies(segments: readonly TLoadedSegment[]): TLoadedSegment[] {
  const byId = new Map(segments.map((segment) => [segment.id, segment]));
  const ordered: TLoadedSegment[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (segment: TLoadedSegment) => {
    if (state.get(segment.id)) return;
    state.set(segment.id, "visiting");
    for (const id of segment.dependencies.segmentIds) {
      const dependency = byId.get(id);
      if (dependency) visit(dependency);
    }
    state.set(segment.id, "done");
    ordered.push(segment);
  };
  for (const segment of segments) visit(segment);
  return ordered;
}
