import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { getFlowOrThrow } from "@/lib/engine/run-actions/get-flow-or-throw";
import { createFlow } from "@/lib/flows/create-flow";
import { ZFlowGraph } from "@/lib/flows/graph-schema";

/** Copies a flow's draft into a new draft flow ("… (copy)"); versions and runs stay with the original. */
export async function duplicateFlow(
  options: { workspaceId: string; flowId: string; userId: string | null },
  db: Db = prisma,
) {
  const flow = await getFlowOrThrow(options, db);
  const name = `${flow.name} (copy)`.slice(0, 200);
  return createFlow(
    {
      workspaceId: options.workspaceId,
      name,
      graph: ZFlowGraph.parse(flow.draftGraph),
      userId: options.userId,
    },
    db,
  );
}
