import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";

/** The workspace's flow, or 404 (another workspace's flow is not found either). */
export async function getFlowOrThrow(options: { workspaceId: string; flowId: string }, db: Db = prisma) {
  const flow = await db.flow.findFirst({ where: { id: options.flowId, workspaceId: options.workspaceId } });
  if (!flow) throw notFound("Flow");
  return flow;
}
