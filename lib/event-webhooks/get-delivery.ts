import { type Db, prisma } from "@/lib/db/prisma";
import type { TBatchDocument } from "@/lib/event-webhooks/batch-document";
import {
  isBatchDocument,
  type TAttempt,
  type TDeliverySummary,
  toDeliverySummary,
  toEventAttempt,
} from "@/lib/event-webhooks/delivery-output";
import { findDeliveryOrThrow } from "@/lib/event-webhooks/find-in-workspace-or-throw";

/**
 * One delivery with its stored document and every attempt, oldest first. A batch still
 * collecting has no document yet (null): it is built when the batch is first sent.
 */
export async function getDelivery(
  options: { workspaceId: string; deliveryId: string },
  db: Db = prisma,
): Promise<TDeliverySummary & { payload: TBatchDocument | null; attempts: TAttempt[] }> {
  const delivery = await findDeliveryOrThrow(options, db);
  const attempts = await db.webhookAttempt.findMany({
    where: { deliveryId: delivery.id, workspaceId: options.workspaceId },
    orderBy: { number: "asc" },
  });
  return {
    ...toDeliverySummary(delivery),
    payload: isBatchDocument(delivery.payload) ? delivery.payload : null,
    attempts: attempts.map((attempt) => toEventAttempt(attempt, delivery.payload)),
  };
}
