import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { HookflowError, notFound } from "@/lib/errors";
import { assertStorableGraph } from "@/lib/flows/assert-storable-graph";
import { type TFlowGraph, ZFlowGraph } from "@/lib/flows/graph-schema";

export const DRAFT_CONFLICT_MESSAGE =
  "This flow was saved elsewhere (another tab or user) since you opened it: reload to see their version, or overwrite it with yours";

/** Thrown when the draft moved on since the editor loaded it (optimistic concurrency, 409). */
export class DraftConflictError extends HookflowError {
  readonly currentRevision: number;
  constructor(currentRevision: number) {
    super("conflict", DRAFT_CONFLICT_MESSAGE);
    this.currentRevision = currentRevision;
  }
}

/**
 * Saves the editor's draft. The graph is parsed with the one schema (the client is never
 * trusted); a structurally unfinished flow (no trigger, loose nodes) is still a valid draft —
 * publishing is what refuses it. The revision check and the increment are one UPDATE, so two
 * concurrent saves of one revision cannot both win; `force` overwrites whatever is there.
 */
export async function saveDraft(
  options: {
    workspaceId: string;
    flowId: string;
    graph: unknown;
    expectedRevision: number;
    force?: boolean;
    userId: string | null;
  },
  db: Db = prisma,
): Promise<{ revision: number; updatedAt: Date }> {
  const parsed = ZFlowGraph.safeParse(options.graph);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join(".");
    throw new HookflowError(
      "invalid",
      `The flow graph is invalid at ${path || "the top level"}: ${issue.message}`,
      {
        pointer: path || undefined,
      },
    );
  }
  const graph: TFlowGraph = parsed.data;
  assertStorableGraph(graph);
  const where = {
    id: options.flowId,
    workspaceId: options.workspaceId,
    ...(options.force ? {} : { draftRevision: options.expectedRevision }),
  };
  const updated = await db.flow.updateMany({
    where,
    data: { draftGraph: graph, draftRevision: { increment: 1 }, updatedById: options.userId },
  });
  const flow = await db.flow.findFirst({
    where: { id: options.flowId, workspaceId: options.workspaceId },
    select: { draftRevision: true, updatedAt: true },
  });
  if (!flow) throw notFound("Flow");
  if (updated.count === 0) throw new DraftConflictError(flow.draftRevision);
  return { revision: flow.draftRevision, updatedAt: flow.updatedAt };
}
