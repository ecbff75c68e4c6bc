import type { Prisma } from "@/lib/generated/prisma/client";

// What leaves lib/event-webhooks for the UI and the API: the settings and state of a webhook,
// never its sealed secrets (revealSigningSecret is the one way to see a secret).

export const EVENT_WEBHOOK_INCLUDE = {
  topics: { select: { metric: { select: { id: true, name: true } } } },
} satisfies Prisma.EventWebhookInclude;

type TEventWebhookRow = Prisma.EventWebhookGetPayload<{ include: typeof EVENT_WEBHOOK_INCLUDE }>;

export type TEventWebhook = {
  id: string;
  name: string;
  url: string;
  enabled: boolean;
  disabledReason: string | null;
  topics: { metricId: string; name: string }[];
  batchSize: number;
  batchWindowMs: number;
  maxConcurrency: number;
  /** Request starts per second, 0 = no limit. */
  maxRequestsPerSecond: number;
  disableAfterFailingDays: number;
  payloadVersion: number;
  /** Start of the current failing streak, or null. */
  failingSince: Date | null;
  /** While set and in the future, requests carry the old secret's signature too. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export function toEventWebhook(row: TEventWebhookRow, now: Date = new Date()): TEventWebhook {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    topics: row.topics
      .map((topic) => ({ metricId: topic.metric.id, name: topic.metric.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    batchSize: row.batchSize,
    batchWindowMs: row.batchWindowMs,
    maxConcurrency: row.maxConcurrency,
    maxRequestsPerSecond: row.maxRequestsPerSecond,
    disableAfterFailingDays: row.disableAfterFailingDays,
    payloadVersion: row.payloadVersion,
    failingSince: row.failingSince,
    previousSecretExpiresAt:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > now ? row.previousSecretExpiresAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
