import type { Db } from "@/lib/db/prisma";
import { MESSAGE_METRICS } from "@/lib/metrics/message-metrics";

/** A workspace with its owner and the pre-created message metrics. */
export async function createWorkspace(
  options: { name: string; owner: { id: string; email: string } },
  db: Db,
) {
  const workspace = await db.workspace.create({
    data: {
      name: options.name,
      memberships: {
        create: { userId: options.owner.id, email: options.owner.email, role: "owner", status: "active" },
      },
    },
  });
  await db.metric.createMany({
    data: MESSAGE_METRICS.map((name) => ({ workspaceId: workspace.id, name, isMessageMetric: true })),
    skipDuplicates: true,
  });
  return workspace;
}
