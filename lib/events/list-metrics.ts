import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";

/** Klaviyo pages metrics by 200, with no page[size]. */
export const METRICS_PAGE_SIZE = 200;

/** Metrics of a workspace in creation order (uuidv7 ids), keyset-paginated on id. */
export async function listMetrics(
  options: { workspaceId: string; afterId?: string; pageSize?: number },
  db: Db = prisma,
) {
  const pageSize = options.pageSize ?? METRICS_PAGE_SIZE;
  const rows = await db.metric.findMany({
    where: { workspaceId: options.workspaceId, ...(options.afterId ? { id: { gt: options.afterId } } : {}) },
    orderBy: { id: "asc" },
    take: pageSize + 1,
  });
  const hasMore = rows.length > pageSize;
  const metrics = hasMore ? rows.slice(0, pageSize) : rows;
  return { metrics, nextAfterId: hasMore ? (metrics.at(-1)?.id ?? null) : null };
}

export async function getMetricOrThrow(options: { workspaceId: string; metricId: string }, db: Db = prisma) {
  const metric = isUuid(options.metricId)
    ? await db.metric.findFirst({ where: { id: options.metricId, workspaceId: options.workspaceId } })
    : null;
  if (!metric) throw notFound(`Metric ${options.metricId}`);
  return metric;
}
