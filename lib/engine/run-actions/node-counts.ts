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
 * them on each node). Steps have no creation column: their UUIDv7 ids carry the time. Steps carry
 * no flow id either, so the query names the nodes of the flow's versions (every step comes from
 * one) and ranges over index steps(workspace_id, node_id, id, status, run_id) per node, index
 * only; the join to runs drops other flows' nodes of the same id (a duplicated flow keeps its
 * ids). Measured at 1.8M steps (10 flows, 60 days; 2 busy cores, medians of 3): 30 days
 * 666 → 174 ms, 7 days 264 → 120 ms; the range on the primary key read every workspace's steps
 * of the period (a parallel sequential scan), so it grew with the whole table.
 */
export async function nodeCounts(
  options: { workspaceId: string; flowId: string; since: Date },
  db: Db = prisma,
): Promise<TNodeCounts> {
  await getFlowOrThrow(options, db);
  const rows = await db.$queryRaw<{ node_id: string; status: TStepStatus; count: number }[]>`
    select s.node_id, s.status::text as status, count(*)::int as count
    from steps s join runs r on r.id = s.run_id
    where s.workspace_id = ${options.workspaceId}::uuid
      and s.node_id = any(array(
        select distinct node->>'id' from flow_versions v
        cross join jsonb_array_elements(v.graph->'nodes') node
        where v.workspace_id = ${options.workspaceId}::uuid and v.flow_id = ${options.flowId}::uuid))
      and s.id >= ${uuidv7LowerBound(options.since)}::uuid
      and r.flow_id = ${options.flowId}::uuid
    group by s.node_id, s.status`;
  const counts: TNodeCounts = {};
  for (const row of rows) {
    counts[row.node_id] ??= {};
    counts[row.node_id]![row.status] = row.count;
  }
  return counts;
}

/** Runs of the flow started since `since` (what its trigger "entered"); index runs(workspace_id, flow_id, started_at). */
export async function countRunsStarted(
  options: { workspaceId: string; flowId: string; since: Date },
  db: Db = prisma,
): Promise<number> {
  return db.run.count({
    where: { workspaceId: options.workspaceId, flowId: options.flowId, startedAt: { gte: options.since } },
  });
}

export type TNodeStep = {
  id: string;
  runId: string;
  status: TStepStatus;
  startedAt: Date | null;
  endedAt: Date | null;
  scheduledFor: Date | null;
  error: string | null;
  profileLabel: string;
};

/**
 * The latest steps of one node of the flow since `since`, newest first (the canvas's "recent
 * steps" popover). Index steps(workspace_id, node_id, id, …) gives the node's steps newest first;
 * the join keeps the flow (node ids repeat across flows).
 */
export async function recentNodeSteps(
  options: { workspaceId: string; flowId: string; nodeId: string; since: Date; limit: number },
  db: Db = prisma,
): Promise<TNodeStep[]> {
  // Another workspace's flow is "not found", as in nodeCounts (not an empty list).
  await getFlowOrThrow(options, db);
  const rows = await db.$queryRaw<
    (Omit<TNodeStep, "profileLabel"> & {
      email: string | null;
      phone_number: string | null;
      external_id: string | null;
      profile_id: string;
    })[]
  >`
    select s.id, s.run_id as "runId", s.status::text as status, s.started_at as "startedAt",
      s.ended_at as "endedAt", s.scheduled_for as "scheduledFor", s.error,
      p.id as profile_id, p.email, p.phone_number, p.external_id
    from steps s
    join runs r on r.id = s.run_id
    join profiles p on p.id = r.profile_id
    where s.workspace_id = ${options.workspaceId}::uuid and s.node_id = ${options.nodeId}
      and r.flow_id = ${options.flowId}::uuid and s.id >= ${uuidv7LowerBound(options.since)}::uuid
    order by s.id desc
    limit ${Math.min(Math.max(options.limit, 1), 100)}`;
  return rows.map(({ email, phone_number, external_id, profile_id, ...step }) => ({
    ...step,
    profileLabel: email ?? phone_number ?? external_id ?? `Profile ${profile_id.slice(-8)}`,
  }));
}
