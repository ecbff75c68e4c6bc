import { PROFILE_SUMMARY_SELECT } from "@/lib/audience/profile-summary";
import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { ZFlowGraph } from "@/lib/flows/graph-schema";
import { profileLabel } from "./list-runs";

/** The replay round a step belongs to (the last part of its idempotency key: run:node:round). */
export function roundOf(idempotencyKey: string): number {
  return Number(idempotencyKey.slice(idempotencyKey.lastIndexOf(":") + 1)) || 0;
}

/**
 * One run of the workspace with everything its page shows: the flow and version number, the
 * profile, the triggering event (if any) and every step — of every replay round — in creation
 * order (step ids are UUIDv7), with input, output, logs, error, attempts and timings.
 */
export async function getRunWithSteps(options: { workspaceId: string; runId: string }, db: Db = prisma) {
  const run = await db.run.findFirst({
    where: { id: options.runId, workspaceId: options.workspaceId },
    include: {
      flow: { select: { id: true, name: true, status: true, liveVersionId: true } },
      flowVersion: { select: { id: true, number: true, graph: true } },
      profile: { select: PROFILE_SUMMARY_SELECT },
      event: { select: { id: true, metricId: true, time: true, properties: true, uniqueId: true } },
      steps: { orderBy: { id: "asc" } },
    },
  });
  if (!run) throw notFound("Run");
  // Events have no Prisma relation to metrics (ingestion checks them per batch): one lookup.
  const metric = run.event
    ? await db.metric.findFirst({
        where: { id: run.event.metricId, workspaceId: options.workspaceId },
        select: { name: true },
      })
    : null;
  const { flowVersion, steps, event, ...rest } = run;
  // Labels the user gave the nodes, from the version the run is on (a replay may have moved it).
  const graph = ZFlowGraph.safeParse(flowVersion.graph);
  const nodeLabels: Record<string, string> = {};
  for (const node of graph.success ? graph.data.nodes : []) if (node.label) nodeLabels[node.id] = node.label;
  return {
    ...rest,
    versionNumber: flowVersion.number,
    nodeLabels,
    isOnCurrentVersion: flowVersion.id === run.flow.liveVersionId,
    profile: { ...run.profile, label: profileLabel(run.profile) },
    event: event ? { ...event, metricName: metric?.name ?? null } : null,
    steps: steps.map((step) => ({ ...step, round: roundOf(step.idempotencyKey) })),
  };
}

export type TRunWithSteps = Awaited<ReturnType<typeof getRunWithSteps>>;
