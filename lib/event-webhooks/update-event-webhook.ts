import { type Db, prisma } from "@/lib/db/prisma";
import { checkEndpointUrlOrThrow } from "@/lib/event-webhooks/check-endpoint-url-or-throw";
import {
  EVENT_WEBHOOK_INCLUDE,
  type TEventWebhook,
  toEventWebhook,
} from "@/lib/event-webhooks/event-webhook-output";
import {
  findEventWebhookOrThrow,
  findTopicMetricsOrThrow,
} from "@/lib/event-webhooks/find-in-workspace-or-throw";
import { inTransaction } from "@/lib/event-webhooks/in-transaction";
import { type TEventWebhookUpdate, ZEventWebhookUpdate } from "@/lib/event-webhooks/schemas";
import type { TResolver } from "@/lib/webhooks/ssrf";

/**
 * Changes any subset of a webhook's settings. New topics apply to events ingested from now on;
 * a batch already collecting keeps its events and is sent with the settings it was opened with,
 * except that a smaller batch size stops it growing. Retries go to the current URL.
 */
export async function updateEventWebhook(
  options: { workspaceId: string; webhookId: string; input: TEventWebhookUpdate; resolve?: TResolver },
  db: Db = prisma,
): Promise<TEventWebhook> {
  const input = ZEventWebhookUpdate.parse(options.input);
  if (input.url !== undefined) await checkEndpointUrlOrThrow(input.url, { resolve: options.resolve });
  return inTransaction(db, async (tx) => {
    const webhook = await findEventWebhookOrThrow(options, tx);
    const metrics = input.topics
      ? await findTopicMetricsOrThrow({ workspaceId: options.workspaceId, metricIds: input.topics }, tx)
      : null;
    if (metrics) {
      await tx.eventWebhookTopic.deleteMany({ where: { webhookId: webhook.id } });
      await tx.eventWebhookTopic.createMany({
        data: metrics.map((metric) => ({ webhookId: webhook.id, metricId: metric.id })),
      });
    }
    const row = await tx.eventWebhook.update({
      where: { id: webhook.id },
      data: {
        name: input.name,
        url: input.url,
        batchSize: input.batchSize,
        batchWindowMs: input.batchWindowMs,
        maxConcurrency: input.maxConcurrency,
        maxRequestsPerSecond: input.maxRequestsPerSecond,
        disableAfterFailingDays: input.disableAfterFailingDays,
      },
      include: EVENT_WEBHOOK_INCLUDE,
    });
    return toEventWebhook(row);
  });
}
