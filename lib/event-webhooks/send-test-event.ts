import type { Dispatcher } from "undici";
import { pool, prisma } from "@/lib/db/prisma";
import { attemptDelivery } from "@/lib/event-webhooks/attempt-delivery";
import { distinctTopics, toWireBody } from "@/lib/event-webhooks/batch-document";
import {
  type TAttempt,
  type TDeliverySummary,
  toDeliverySummary,
  toEventAttempt,
} from "@/lib/event-webhooks/delivery-output";
import { findEventWebhookOrThrow } from "@/lib/event-webhooks/find-in-workspace-or-throw";
import { eventWebhookMessageId } from "@/lib/event-webhooks/message-id";
import { samplePayload } from "@/lib/event-webhooks/sample-payload";
import type { Prisma } from "@/lib/generated/prisma/client";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { webhookDispatcher } from "@/lib/webhooks/webhook-dispatcher";

/**
 * "Send test event": a synthetic event of the chosen metric, in a batch document marked
 * `meta.test: true`, stored as a delivery (is_test) and then sent at once through the same
 * attempt code as real deliveries (signed with the webhook's secrets, SSRF-guarded, recorded).
 * It works on a disabled webhook too (to check a fix before enabling), is never retried, and does
 * not count towards the endpoint's failing streak. Not composable into a caller's transaction: it
 * sends a request, and its record must be committed before the attempt is written.
 */
export async function sendTestEvent(options: {
  workspaceId: string;
  webhookId: string;
  metricId: string;
  now?: () => Date;
  dispatcher?: Dispatcher;
}): Promise<TDeliverySummary & { attempt: TAttempt }> {
  const clock = options.now ?? (() => new Date());
  const webhook = await findEventWebhookOrThrow(options, prisma);
  const document = await samplePayload(
    {
      workspaceId: options.workspaceId,
      metricId: options.metricId,
      webhookId: webhook.id,
      now: clock(),
      isTest: true,
    },
    prisma,
  );
  const id = uuidv7();
  const body = toWireBody(document);
  const topics = distinctTopics(document.data);
  const delivery = await prisma.webhookDelivery.create({
    data: {
      id,
      workspaceId: options.workspaceId,
      eventWebhookId: webhook.id,
      messageId: eventWebhookMessageId(id),
      url: webhook.url,
      topic: topics.join(", "),
      topics,
      eventCount: document.data.length,
      isTest: true,
      // The body's own text (stored json is the text Prisma writes: JSON.stringify of the parsed
      // body gives it back byte for byte), so a replay sends what this first attempt sent.
      payload: JSON.parse(body) as Prisma.InputJsonObject,
      status: "delivering",
    },
  });
  await attemptDelivery(
    {
      id: webhook.id,
      workspaceId: webhook.workspaceId,
      url: webhook.url,
      secretEncrypted: webhook.secretEncrypted,
      previousSecretEncrypted: webhook.previousSecretEncrypted,
      previousSecretExpiresAt: webhook.previousSecretExpiresAt,
      disableAfterFailingDays: webhook.disableAfterFailingDays,
    },
    {
      id: delivery.id,
      messageId: delivery.messageId,
      body,
      topic: delivery.topic,
      isTest: true,
      isReplay: false,
      replayRequestedAt: null,
      automaticAttemptsBefore: 0,
      previousStatus: "delivering",
      previousNextAttemptAt: null,
    },
    { database: pool(), dispatcher: options.dispatcher ?? webhookDispatcher(), now: clock },
  );
  const [row, attempt] = await Promise.all([
    prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } }),
    prisma.webhookAttempt.findFirstOrThrow({
      where: { deliveryId: delivery.id },
      orderBy: { number: "desc" },
    }),
  ]);
  return { ...toDeliverySummary(row), attempt: toEventAttempt(attempt, row.payload) };
}
