import { type Db, prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { ZFlowNode } from "@/lib/flows/graph-schema";
import { isUuid } from "@/lib/ids/uuid-v7";

export type TFlowWebhookNode = {
  flowId: string;
  flowName: string;
  nodeId: string;
  /** The node's label, else "Webhook". */
  label: string;
  /** The endpoint in the draft; null when the node is no longer in the draft. */
  url: string | null;
};

/**
 * A webhook node of a flow of the workspace, read from the draft. A node removed from the draft
 * still has its log (deliveries of the runs that reached it): its flow must exist, the node is
 * then shown by id. Another workspace's flow is not found.
 */
export async function findFlowWebhookNodeOrThrow(
  options: { workspaceId: string; flowId: string; nodeId: string },
  db: Db = prisma,
): Promise<TFlowWebhookNode> {
  const flow = isUuid(options.flowId)
    ? await db.flow.findFirst({
        where: { id: options.flowId, workspaceId: options.workspaceId },
        select: { id: true, name: true, draftGraph: true },
      })
    : null;
  if (!flow) throw notFound("Flow");
  const nodes = (flow.draftGraph as { nodes?: unknown[] } | null)?.nodes ?? [];
  for (const raw of nodes) {
    const parsed = ZFlowNode.safeParse(raw);
    if (!parsed.success || parsed.data.id !== options.nodeId) continue;
    if (parsed.data.type !== "webhook") throw notFound("Webhook node");
    return {
      flowId: flow.id,
      flowName: flow.name,
      nodeId: parsed.data.id,
      label: parsed.data.label?.trim() || "Webhook",
      url: parsed.data.config.url || null,
    };
  }
  if (options.nodeId.length === 0 || options.nodeId.length > 64) throw notFound("Webhook node");
  return {
    flowId: flow.id,
    flowName: flow.name,
    nodeId: options.nodeId,
    label: "Webhook (removed)",
    url: null,
  };
}
