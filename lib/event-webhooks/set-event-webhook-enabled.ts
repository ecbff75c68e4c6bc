import { type Db, prisma } from "@/lib/db/prisma";
import {
  EVENT_WEBHOOK_INCLUDE,
  type TEventWebhook,
  toEventWebhook,
} from "@/lib/event-webhooks/event-webhook-output";
import { findEventWebhookOrThrow } from "@/lib/event-webhooks/find-in-workspace-or-throw";
import { inTransaction } from "@/lib/event-webhooks/in-transaction";
import { wakeDeliverersWithPrisma } from "@/lib/event-webhooks/wake-deliverer";

/**
 * Turns a webhook on or off. A disabled webhook collects no new events and sends nothing; its
 * waiting deliveries stay pending. Enabling clears the disabled reason and the failing streak,
 * and wakes the deliverer (in the same transaction) so the waiting deliveries go out.
 */
export async function setEventWebhookEnabled(
  options: { workspaceId: string; webhookId: string; enabled: boolean },
  db: Db = prisma,
): Promise<TEventWebhook> {
  return inTransaction(db, async (tx) => {
    const webhook = await findEventWebhookOrThrow(options, tx);
    const row = await tx.eventWebhook.update({
      where: { id: webhook.id },
      data: options.enabled
        ? { enabled: true, disabledReason: null, failingSince: null }
        : { enabled: false, disabledReason: null },
      include: EVENT_WEBHOOK_INCLUDE,
    });
    if (options.enabled) await wakeDeliverersWithPrisma(tx, [{ webhookId: webhook.id }]);
    return toEventWebhook(row);
  });
}
