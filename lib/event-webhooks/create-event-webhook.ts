import { sealSecret } from "@/lib/crypto/secret-box";
import { type Db, prisma } from "@/lib/db/prisma";
import { checkEndpointUrlOrThrow } from "@/lib/event-webhooks/check-endpoint-url-or-throw";
import {
  EVENT_WEBHOOK_INCLUDE,
  type TEventWebhook,
  toEventWebhook,
} from "@/lib/event-webhooks/event-webhook-output";
import { findTopicMetricsOrThrow } from "@/lib/event-webhooks/find-in-workspace-or-throw";
import { type TEventWebhookSettingsInput, ZEventWebhookSettings } from "@/lib/event-webhooks/schemas";
import { generateSigningSecret } from "@/lib/webhooks/sign-request";
import type { TResolver } from "@/lib/webhooks/ssrf";

/**
 * Creates an event webhook: any metrics of the workspace as topics (message metrics included —
 * the seed's rule for Advanced KDP webhooks), its own `whsec_` signing secret (sealed), enabled.
 * Invalid input: ZodError (422 in the API), or a 400 naming the field (url, topics).
 */
export async function createEventWebhook(
  options: { workspaceId: string; input: TEventWebhookSettingsInput; resolve?: TResolver },
  db: Db = prisma,
): Promise<TEventWebhook> {
  const input = ZEventWebhookSettings.parse(options.input);
  await checkEndpointUrlOrThrow(input.url, { resolve: options.resolve });
  const metrics = await findTopicMetricsOrThrow(
    { workspaceId: options.workspaceId, metricIds: input.topics },
    db,
  );
  const row = await db.eventWebhook.create({
    data: {
      workspaceId: options.workspaceId,
      name: input.name,
      url: input.url,
      secretEncrypted: sealSecret(generateSigningSecret()),
      batchSize: input.batchSize,
      batchWindowMs: input.batchWindowMs,
      maxConcurrency: input.maxConcurrency,
      maxRequestsPerSecond: input.maxRequestsPerSecond,
      disableAfterFailingDays: input.disableAfterFailingDays,
      topics: { create: metrics.map((metric) => ({ metricId: metric.id })) },
    },
    include: EVENT_WEBHOOK_INCLUDE,
  });
  return toEventWebhook(row);
}
