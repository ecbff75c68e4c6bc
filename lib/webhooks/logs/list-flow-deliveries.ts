import { z } from "zod";
import { type Db, prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { type TAttempt, toAttempt } from "@/lib/event-webhooks/delivery-output";
import type { Prisma, WebhookDelivery } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids/uuid-v7";
import { decodeDeliveryCursor, encodeDeliveryCursor } from "@/lib/webhooks/logs/delivery-cursor";
import { findFlowWebhookNodeOrThrow } from "@/lib/webhooks/logs/flow-webhook-node";

export const ZFlowDeliveryFilters = z.object({
  status: z.enum(["pending", "delivering", "succeeded", "failed"]).optional(),
  /** Bounds on the delivery's creation time: [from, to). */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

export type TFlowDeliverySummary = {
  id: string;
  messageId: string;
  status: WebhookDelivery["status"];
  attemptCount: number;
  /** When the step tries again (pending deliveries only). */
  nextAttemptAt: Date | null;
  /** A "replay failed in range" job will send it. */
  isReplayRequested: boolean;
  url: string;
  runId: string | null;
  profileEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const SUMMARY_INCLUDE = {
  step: { select: { runId: true, run: { select: { profile: { select: { email: true } } } } } },
} as const;

type TRow = Prisma.WebhookDeliveryGetPayload<{ include: typeof SUMMARY_INCLUDE }>;

function toFlowDeliverySummary(row: TRow): TFlowDeliverySummary {
  return {
    id: row.id,
    messageId: row.messageId,
    status: row.status,
    attemptCount: row.attemptCount,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt : null,
    isReplayRequested: row.replayRequestedAt !== null,
    url: row.url,
    runId: row.step?.runId ?? null,
    profileEmail: row.step?.run.profile.email ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * One flow webhook node's deliveries (one per step execution: retries are attempts of it), newest
 * first, filtered by status and creation time; keyset pages on the (workspace, flow, node,
 * created_at) index.
 */
export async function listFlowDeliveries(
  options: {
    workspaceId: string;
    flowId: string;
    nodeId: string;
    filters?: z.input<typeof ZFlowDeliveryFilters>;
    cursor?: string | null;
    pageSize?: number;
  },
  db: Db = prisma,
): Promise<{ deliveries: TFlowDeliverySummary[]; nextCursor: string | null }> {
  await findFlowWebhookNodeOrThrow(options, db);
  const filters = ZFlowDeliveryFilters.parse(options.filters ?? {});
  const pageSize = Math.min(Math.max(options.pageSize ?? 50, 1), 100);
  const where: Prisma.WebhookDeliveryWhereInput[] = [
    { workspaceId: options.workspaceId, flowId: options.flowId, nodeId: options.nodeId },
  ];
  if (filters.status) where.push({ status: filters.status });
  if (filters.from) where.push({ createdAt: { gte: filters.from } });
  if (filters.to) where.push({ createdAt: { lt: filters.to } });
  if (options.cursor) {
    const cursor = decodeDeliveryCursor(options.cursor);
    where.push({
      OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
    });
  }
  const rows = await db.webhookDelivery.findMany({
    where: { AND: where },
    include: SUMMARY_INCLUDE,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
  });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    deliveries: page.map(toFlowDeliverySummary),
    nextCursor: rows.length > pageSize && last ? encodeDeliveryCursor(last) : null,
  };
}

/** One flow delivery of the workspace with every attempt, oldest first. */
export async function getFlowDelivery(
  options: { workspaceId: string; deliveryId: string },
  db: Db = prisma,
): Promise<TFlowDeliverySummary & { flowId: string; nodeId: string; attempts: TAttempt[] }> {
  const row = isUuid(options.deliveryId)
    ? await db.webhookDelivery.findFirst({
        where: { id: options.deliveryId, workspaceId: options.workspaceId, flowId: { not: null } },
        include: { ...SUMMARY_INCLUDE, attempts: { orderBy: { number: "asc" } } },
      })
    : null;
  if (!row) throw notFound("Delivery");
  return {
    ...toFlowDeliverySummary(row),
    flowId: row.flowId!,
    nodeId: row.nodeId!,
    attempts: row.attempts.map(toAttempt),
  };
}
