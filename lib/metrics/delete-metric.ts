import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Deletes a metric and its events. events has no foreign key to metrics (prisma/schema/),
 * so nothing cascades: this is the one way to delete a metric. Order matters: the FOR UPDATE lock
 * waits for ingestion batches that hold the metric FOR KEY SHARE (write-profiles-and-events.ts)
 * and makes later ones wait and then retry with a fresh metric, so no event can be committed for
 * the metric between the events' deletion and the metric's. Returns the number of events deleted
 * (0 and nothing done when the metric is not in the workspace).
 */
export async function deleteMetric(
  options: { workspaceId: string; metricId: string },
  db: PrismaClient,
): Promise<number> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      select id::text from metrics
       where id = ${options.metricId}::uuid and workspace_id = ${options.workspaceId}::uuid
       for update`;
    if (locked.length === 0) return 0;
    const { count } = await tx.event.deleteMany({
      where: { workspaceId: options.workspaceId, metricId: options.metricId },
    });
    await tx.metric.delete({ where: { id: options.metricId } });
    return count;
  });
}
