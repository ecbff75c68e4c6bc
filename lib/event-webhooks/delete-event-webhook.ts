import { type Db, prisma } from "@/lib/db/prisma";
import { findEventWebhookOrThrow } from "@/lib/event-webhooks/find-in-workspace-or-throw";
import { inTransaction } from "@/lib/event-webhooks/in-transaction";

/**
 * Deletes a webhook with its topics, deliveries and attempts (cascade). A deliverer job still
 * queued for it finds no webhook and ends; a request already in flight finishes, and its record
 * is refused by the foreign key (the webhook is gone), so nothing of it is kept.
 */
export async function deleteEventWebhook(
  options: { workspaceId: string; webhookId: string },
  db: Db = prisma,
) {
  await inTransaction(db, async (tx) => {
    const webhook = await findEventWebhookOrThrow(options, tx);
    await tx.eventWebhook.delete({ where: { id: webhook.id } });
  });
}
