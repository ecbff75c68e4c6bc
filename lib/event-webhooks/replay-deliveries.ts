import { type Db, prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import { type TDeliverySummary, toDeliverySummary } from "@/lib/event-webhooks/delivery-output";
import {
  findDeliveryOrThrow,
  findEventWebhookOrThrow,
} from "@/lib/event-webhooks/find-in-workspace-or-throw";
import { inTransaction } from "@/lib/event-webhooks/in-transaction";
import { ZReplayFailedDeliveries } from "@/lib/event-webhooks/schemas";
import { wakeDeliverersWithPrisma } from "@/lib/event-webhooks/wake-deliverer";

// A replay is one more attempt of the same delivery: the same stored document, the same
// webhook-id (receivers that already processed it de-duplicate), recorded with is_replay. It goes
// through the webhook's deliverer, so it respects the endpoint's concurrency limit; the request
// is marked on the delivery (replay_requested_at) and the deliverer is woken in the same
// transaction, so a replay asked for is never lost.

function disabledError(): HookflowError {
  return new HookflowError("conflict", "The webhook is disabled; enable it before replaying deliveries");
}

/** Replays one delivery (any status, once it has been sent at least once). */
export async function replayDelivery(
  options: { workspaceId: string; deliveryId: string; now?: Date },
  db: Db = prisma,
): Promise<TDeliverySummary> {
  return inTransaction(db, async (tx) => {
    const delivery = await findDeliveryOrThrow(options, tx);
    if (delivery.attemptCount === 0) {
      throw new HookflowError("conflict", "This delivery has not been sent yet; there is nothing to replay");
    }
    const webhook = await findEventWebhookOrThrow(
      { workspaceId: options.workspaceId, webhookId: delivery.eventWebhookId! },
      tx,
    );
    if (!webhook.enabled) throw disabledError();
    const row = await tx.webhookDelivery.update({
      where: { id: delivery.id },
      data: { replayRequestedAt: options.now ?? new Date() },
    });
    await wakeDeliverersWithPrisma(tx, [{ webhookId: webhook.id }]);
    return toDeliverySummary(row);
  });
}

/** Replays every failed delivery of a webhook created in [from, to). */
export async function replayFailedDeliveries(
  options: { workspaceId: string; webhookId: string; from: Date | string; to: Date | string; now?: Date },
  db: Db = prisma,
): Promise<{ count: number }> {
  const range = ZReplayFailedDeliveries.parse({ from: options.from, to: options.to });
  return inTransaction(db, async (tx) => {
    const webhook = await findEventWebhookOrThrow(options, tx);
    if (!webhook.enabled) throw disabledError();
    const { count } = await tx.webhookDelivery.updateMany({
      where: {
        workspaceId: options.workspaceId,
        eventWebhookId: webhook.id,
        status: "failed",
        createdAt: { gte: range.from, lt: range.to },
        replayRequestedAt: null,
      },
      data: { replayRequestedAt: options.now ?? new Date() },
    });
    if (count > 0) await wakeDeliverersWithPrisma(tx, [{ webhookId: webhook.id }]);
    return { count };
  });
}
