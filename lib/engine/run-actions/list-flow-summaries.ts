import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";

const RECENT_DAYS = 7;

/**
 * The workspace's flows for the flows list: status, trigger type, live version number, last
 * update and how many runs started in the last 7 days (one grouped count on
 * runs(workspace_id, flow_id, started_at)).
 */
export async function listFlowSummaries(options: { workspaceId: string; now?: Date }, db: Db = prisma) {
  const since = new Date((options.now ?? new Date()).getTime() - RECENT_DAYS * 86_400_000);
  const [flows, counts] = await Promise.all([
    db.flow.findMany({
      where: { workspaceId: options.workspaceId },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        name: true,
        status: true,
        triggerType: true,
        updatedAt: true,
        liveVersion: { select: { number: true } },
      },
    }),
    db.run.groupBy({
      by: ["flowId"],
      where: { workspaceId: options.workspaceId, startedAt: { gte: since } },
      _count: { _all: true },
    }),
  ]);
  const recent = new Map(counts.map((row) => [row.flowId, row._count._all]));
  return flows.map(({ liveVersion, ...flow }) => ({
    ...flow,
    liveVersionNumber: liveVersion?.number ?? null,
    recentRuns: recent.get(flow.id) ?? 0,
  }));
}

export const FLOW_SUMMARY_RECENT_DAYS = RECENT_DAYS;
