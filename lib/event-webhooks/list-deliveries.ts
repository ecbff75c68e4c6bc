import { type Db, prisma } from "@/lib/db/prisma";
import { invalid } from "@/lib/errors";
import { type TDeliverySummary, toDeliverySummary } from "@/lib/event-webhooks/delivery-output";
import { findEventWebhookOrThrow } from "@/lib/event-webhooks/find-in-workspace-or-throw";
import { type TDeliveryFilters, ZDeliveryFilters } from "@/lib/event-webhooks/schemas";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids/uuid-v7";

export const DELIVERIES_PAGE_MAX = 100;

/** Opaque keyset cursor: (created_at, id) of the last delivery of the previous page. */
function encodeDeliveryCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

function decodeDeliveryCursor(raw: string): { createdAt: Date; id: string } {
  const [time, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const createdAt = new Date(time ?? "");
  if (!id || !isUuid(id) || Number.isNaN(createdAt.getTime()))
    throw invalid("The page cursor is not valid", "cursor");
  return { createdAt, id };
}

/**
 * A webhook's deliveries, newest first, filtered by status, topic (deliveries whose batch holds
 * an event of that metric), creation time [from, to) and test marker; keyset-paginated on
 * (created_at, id) along the (workspace, webhook, created_at) index.
 */
export async function listDeliveries(
  options: {
    workspaceId: string;
    webhookId: string;
    filters?: TDeliveryFilters;
    cursor?: string | null;
    pageSize?: number;
  },
  db: Db = prisma,
): Promise<{ deliveries: TDeliverySummary[]; nextCursor: string | null }> {
  await findEventWebhookOrThrow(options, db);
  const filters = ZDeliveryFilters.parse(options.filters ?? {});
  const pageSize = Math.min(Math.max(options.pageSize ?? 50, 1), DELIVERIES_PAGE_MAX);
  const where: Prisma.WebhookDeliveryWhereInput[] = [
    { workspaceId: options.workspaceId, eventWebhookId: options.webhookId },
  ];
  if (filters.status) where.push({ status: filters.status });
  if (filters.topic) where.push({ topics: { has: filters.topic } });
  if (filters.from) where.push({ createdAt: { gte: filters.from } });
  if (filters.to) where.push({ createdAt: { lt: filters.to } });
  if (filters.isTest !== undefined) where.push({ isTest: filters.isTest });
  if (options.cursor) {
    const cursor = decodeDeliveryCursor(options.cursor);
    where.push({
      OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
    });
  }
  const rows = await db.webhookDelivery.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
  });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    deliveries: page.map(toDeliverySummary),
    nextCursor: rows.length > pageSize && last ? encodeDeliveryCursor(last) : null,
  };
}
