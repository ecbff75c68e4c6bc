import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { ZFlowName } from "@/lib/flows/flow-action-schemas";

/** Renames a flow (the name is not part of the graph, so no revision check). */
export async function renameFlow(
  options: { workspaceId: string; flowId: string; name: string; userId: string | null },
  db: Db = prisma,
) {
  const name = ZFlowName.parse(options.name);
  const updated = await db.flow.updateMany({
    where: { id: options.flowId, workspaceId: options.workspaceId },
    data: { name, updatedById: options.userId },
  });
  if (updated.count === 0) throw notFound("Flow");
  return { name };
}
