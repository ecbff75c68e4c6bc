import type { Db } from "@/lib/db/prisma";
import { invalid, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";

// Every lookup by id is scoped to the caller's workspace: another workspace's webhook, metric or
// delivery is "not found" (404), never "forbidden" — its existence is not revealed.

export async function findEventWebhookOrThrow(options: { workspaceId: string; webhookId: string }, db: Db) {
  const webhook = isUuid(options.webhookId)
    ? await db.eventWebhook.findFirst({ where: { id: options.webhookId, workspaceId: options.workspaceId } })
    : null;
  if (!webhook) throw notFound("Event webhook");
  return webhook;
}

export async function findMetricOrThrow(options: { workspaceId: string; metricId: string }, db: Db) {
  const metric = isUuid(options.metricId)
    ? await db.metric.findFirst({
        where: { id: options.metricId, workspaceId: options.workspaceId },
        select: { id: true, name: true },
      })
    : null;
  if (!metric) throw notFound("Metric");
  return metric;
}

/** The topics of a webhook: every id must be a metric of the workspace (else 400 on "topics"). */
export async function findTopicMetricsOrThrow(
  options: { workspaceId: string; metricIds: readonly string[] },
  db: Db,
) {
  const ids = [...new Set(options.metricIds)];
  const metrics = await db.metric.findMany({
    where: { id: { in: ids.filter(isUuid) }, workspaceId: options.workspaceId },
    select: { id: true, name: true },
  });
  const found = new Set(metrics.map((metric) => metric.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw invalid(
      `topics: ${missing.length === 1 ? "metric" : "metrics"} ${missing.join(", ")} ${missing.length === 1 ? "does" : "do"} not exist in this workspace`,
      "topics",
    );
  }
  return metrics;
}

export async function findDeliveryOrThrow(options: { workspaceId: string; deliveryId: string }, db: Db) {
  const delivery = isUuid(options.deliveryId)
    ? await db.webhookDelivery.findFirst({
        where: { id: options.deliveryId, workspaceId: options.workspaceId, eventWebhookId: { not: null } },
      })
    : null;
  if (!delivery) throw notFound("Delivery");
  return delivery;
}
