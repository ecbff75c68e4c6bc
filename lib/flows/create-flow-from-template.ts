import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { createFlow } from "@/lib/flows/create-flow";
import { FLOW_TEMPLATES, flowTemplateGraph, type TFlowTemplateId } from "@/lib/flows/flow-templates";

/**
 * Creates a draft flow from "New flow": blank or a template. References a template needs are
 * resolved by name in the workspace (Placed Order); one that does not exist yet stays unchosen,
 * and the editor asks for it — nothing is created on the user's behalf.
 */
export async function createFlowFromTemplate(
  options: { workspaceId: string; template: TFlowTemplateId; name?: string; userId: string | null },
  db: Db = prisma,
) {
  const placedOrder =
    options.template === "shopper-locale"
      ? await db.metric.findFirst({
          where: { workspaceId: options.workspaceId, name: "Placed Order" },
          select: { id: true },
        })
      : null;
  return createFlow(
    {
      workspaceId: options.workspaceId,
      name: options.name?.trim() || FLOW_TEMPLATES[options.template].name,
      graph: flowTemplateGraph(options.template, { placedOrderMetricId: placedOrder?.id }),
      userId: options.userId,
    },
    db,
  );
}
