import { type Db, prisma } from "@/lib/db/prisma";
import {
  EVENT_WEBHOOK_INCLUDE,
  type TEventWebhook,
  toEventWebhook,
} from "@/lib/event-webhooks/event-webhook-output";

/** A workspace's event webhooks, by name (a workspace has a handful, not thousands). */
export async function listEventWebhooks(
  options: { workspaceId: string },
  db: Db = prisma,
): Promise<TEventWebhook[]> {
  const rows = await db.eventWebhook.findMany({
    where: { workspaceId: options.workspaceId },
    include: EVENT_WEBHOOK_INCLUDE,
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  const now = new Date();
  return rows.map((row) => toEventWebhook(row, now));
}
