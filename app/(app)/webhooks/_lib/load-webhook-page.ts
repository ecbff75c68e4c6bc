import "server-only";
import { notFound } from "next/navigation";
import { prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import { getEventWebhook } from "@/lib/event-webhooks/get-event-webhook";
import { isUuid } from "@/lib/ids/uuid-v7";

/** The webhook a page shows, or Next's 404 (an unknown id, or another workspace's webhook). */
export async function loadWebhookOrNotFound(options: { workspaceId: string; webhookId: string }) {
  if (!isUuid(options.webhookId)) notFound();
  const webhook = await getEventWebhook(options, prisma).catch((error: unknown) => {
    if (error instanceof HookflowError && error.code === "not_found") return null;
    throw error;
  });
  if (!webhook) notFound();
  return webhook;
}

/** Every metric of the workspace as a topic choice, message metrics included. */
export async function loadTopicOptions(options: { workspaceId: string }) {
  return prisma.metric.findMany({
    where: { workspaceId: options.workspaceId },
    select: { id: true, name: true, isMessageMetric: true },
    orderBy: { name: "asc" },
  });
}
