import { type TBatchDocument, toWireBody } from "@/lib/event-webhooks/batch-document";
import type { WebhookAttempt, WebhookDelivery } from "@/lib/generated/prisma/client";

export type TDeliverySummary = {
  id: string;
  webhookId: string;
  /** The `webhook-id` header, the same on every attempt and replay. */
  messageId: string;
  status: WebhookDelivery["status"];
  topics: string[];
  eventCount: number;
  isTest: boolean;
  attemptCount: number;
  /** When a pending delivery is sent or retried next (a batch still collecting: its send time). */
  nextAttemptAt: Date | null;
  isReplayRequested: boolean;
  url: string;
  createdAt: Date;
  updatedAt: Date;
};

export type TAttempt = {
  number: number;
  isReplay: boolean;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  durationMs: number | null;
  error: string | null;
  createdAt: Date;
};

export function toDeliverySummary(row: WebhookDelivery): TDeliverySummary {
  return {
    id: row.id,
    webhookId: row.eventWebhookId!,
    messageId: row.messageId,
    status: row.status,
    topics: row.topics,
    eventCount: row.eventCount,
    isTest: row.isTest,
    attemptCount: row.attemptCount,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt : null,
    isReplayRequested: row.replayRequestedAt !== null,
    url: row.url,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * An event webhook attempt; `payload` is its delivery's stored document. These attempts store no
 * body (empty; rows recorded before 2026-11-30 a copy): every request of a delivery sends
 * toWireBody of its sealed document, byte for byte, so the body shown is rebuilt from it
 * (record-attempts.ts).
 */
export function toEventAttempt(row: WebhookAttempt, payload: unknown): TAttempt {
  const attempt = toAttempt(row);
  if (row.requestBody === "" && isBatchDocument(payload)) attempt.requestBody = toWireBody(payload);
  return attempt;
}

/** An attempt as stored (flow webhook attempts store the body they sent). */
export function toAttempt(row: WebhookAttempt): TAttempt {
  return {
    number: row.number,
    isReplay: row.isReplay,
    requestHeaders: row.requestHeaders as Record<string, string>,
    requestBody: row.requestBody,
    responseStatus: row.responseStatus,
    responseHeaders: row.responseHeaders as Record<string, string> | null,
    responseBody: row.responseBody,
    durationMs: row.durationMs,
    error: row.error,
    createdAt: row.createdAt,
  };
}

export function isBatchDocument(payload: unknown): payload is TBatchDocument {
  return typeof payload === "object" && payload !== null && "data" in payload;
}
