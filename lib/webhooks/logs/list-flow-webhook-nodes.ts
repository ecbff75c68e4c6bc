import { type Db, prisma } from "@/lib/db/prisma";
import { ZFlowNode } from "@/lib/flows/graph-schema";
import type { TFlowWebhookNode } from "@/lib/webhooks/logs/flow-webhook-node";

/**
 * The webhook nodes of the workspace's flows (from their drafts), for the way into each node's
 * delivery log. Read from the flows rather than the deliveries: a workspace has tens of flows but
 * may have millions of deliveries.
 */
export async function listFlowWebhookNodes(
  options: { workspaceId: string },
  db: Db = prisma,
): Promise<TFlowWebhookNode[]> {
  const flows = await db.flow.findMany({
    where: { workspaceId: options.workspaceId },
    select: { id: true, name: true, draftGraph: true },
    orderBy: { name: "asc" },
  });
  return flows.flatMap((flow) => {
    const nodes = (flow.draftGraph as { nodes?: unknown[] } | null)?.nodes ?? [];
    return nodes.flatMap((raw) => {
      const parsed = ZFlowNode.safeParse(raw);
      if (!parsed.success || parsed.data.type !== "webhook") return [];
      return [
        {
          flowId: flow.id,
          flowName: flow.name,
          nodeId: parsed.data.id,
          label: parsed.data.label?.trim() || "Webhook",
          url: parsed.data.config.url || null,
        },
      ];
    });
  });
}
