import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { assertStorableGraph } from "@/lib/flows/assert-storable-graph";
import { emptyFlowGraph, type TFlowGraph, ZFlowGraph } from "@/lib/flows/graph-schema";

/** Creates a draft flow (status draft: it never runs until published). */
export async function createFlow(
  options: { workspaceId: string; name: string; graph?: TFlowGraph; userId: string | null },
  db: Db = prisma,
) {
  const graph = ZFlowGraph.parse(options.graph ?? emptyFlowGraph());
  assertStorableGraph(graph);
  return db.flow.create({
    data: {
      workspaceId: options.workspaceId,
      name: options.name,
      draftGraph: graph,
      createdById: options.userId,
      updatedById: options.userId,
    },
  });
}
