import { z } from "zod";
import { type Db, prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";

export const DEFAULT_WEBHOOK_RETENTION_DAYS = 30;
export const MAX_WEBHOOK_RETENTION_DAYS = 365;

/** The form's, the action's and the domain's one schema (the column has the same CHECK). */
export const ZWebhookRetention = z.object({
  days: z
    .number({ error: "Retention must be a number of days" })
    .int("Retention must be a whole number of days")
    .min(1, "Retention must be at least 1 day")
    .max(MAX_WEBHOOK_RETENTION_DAYS, `Retention must be at most ${MAX_WEBHOOK_RETENTION_DAYS} days`),
});

/** Days a webhook delivery (flow or event webhook) and its attempts are kept after their last change. */
export async function getWebhookRetentionDays(options: { workspaceId: string }, db: Db = prisma) {
  const row = await db.workspace.findUnique({
    where: { id: options.workspaceId },
    select: { webhookRetentionDays: true },
  });
  if (!row) throw notFound("Workspace");
  return row.webhookRetentionDays;
}

export async function setWebhookRetentionDays(
  options: { workspaceId: string; days: number },
  db: Db = prisma,
): Promise<number> {
  const { days } = ZWebhookRetention.parse({ days: options.days });
  const row = await db.workspace.update({
    where: { id: options.workspaceId },
    data: { webhookRetentionDays: days },
    select: { webhookRetentionDays: true },
  });
  return row.webhookRetentionDays;
}
