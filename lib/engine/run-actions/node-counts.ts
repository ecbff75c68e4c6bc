import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { getFlowOrThrow } from "./get-flow-or-throw";

export type TStepStatus = "scheduled" | "running" | "waiting" | "completed" | "failed" | "skipped";
export type TNodeCounts = Record<string, Partial<Record<TStepStatus, number>>>;

/** The smallest UUIDv7 of a millisecond: ids at or above it were created at or after `time`. */
export function uuidv7LowerBound(time: Date): string {
  const hex = Math.max(0, time.getTime()).toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/**
 * Per node of the flow, how many steps were created since `since`, by status (the canvas shows
 * them on each node). Steps have no creation column: their UUIDv7 ids carry the time, so the
 * period is a range on the primary key.
 */
export async function nodeCounts(
  options: { workspaceId: string; flowId: string; since: Date },
  db: Db = prisma,
): Promise<TNodeCounts> {
  await getFlowOrThrow(options, db);
  const rows = await db.$queryRaw<{ node_id: string; status: TStepStatus; count: number }[]>`
    select s.node_id, s.status::text as status, count(*)::int as count
    from steps s join runs r on r.id = s.run_id
    where r.workspace_id = ${options.workspaceId}::uuid and r.flow_id = ${options.flowId}::uuid
      and s.id >= ${uuidv7LowerBound(options.since)}::uuid
    group by s.node_id, s.status`;
  const counts: TNodeCounts = {};
  for (const row of rows) {
    counts[row.node_id] ??= {};
    counts[row.node_id]![row.status] = row.count;
  }
  return counts;
}
