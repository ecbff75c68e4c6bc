import type pg from "pg";
import type { Dispatcher } from "undici";
import { type TBatchDocument, toWireBody } from "@/lib/event-webhooks/batch-document";
import {
  decideAttemptOutcome,
  type TAttemptOutcome,
  type TDeliveryState,
} from "@/lib/event-webhooks/decide-attempt-outcome";
import { activeSigningSecrets, type TSealedSecrets } from "@/lib/event-webhooks/signing-secrets";
import { wakeDeliverers } from "@/lib/event-webhooks/wake-deliverer";
import { type TPgTx, withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { recordAttempt } from "@/lib/webhooks/record-attempt";
import { sendWebhookRequest, type TWebhookResponse } from "@/lib/webhooks/send-request";
import { signatureHeaders } from "@/lib/webhooks/sign-request";

const DAY_MS = 24 * 60 * 60 * 1000;

export type TDeliveryWebhook = TSealedSecrets & {
  id: string;
  workspaceId: string;
  url: string;
  disableAfterFailingDays: number;
};

/** A delivery taken for sending (status delivering), with what its outcome depends on. */
export type TClaimedDelivery = {
  id: string;
  messageId: string;
  payload: TBatchDocument;
  topic: string | null;
  isTest: boolean;
  isReplay: boolean;
  replayRequestedAt: Date | null;
  automaticAttemptsBefore: number;
  previousStatus: TDeliveryState;
  previousNextAttemptAt: Date | null;
};

export type TAttemptOptions = {
  database: pg.Pool;
  dispatcher: Dispatcher;
  now: () => Date;
  schedule?: readonly number[];
  random?: () => number;
};

export type TAttemptResult = TAttemptOutcome & {
  response: TWebhookResponse;
  attemptNumber: number;
  /** Set when this attempt disabled the webhook (410 Gone, or failing for too long). */
  disabledReason: string | null;
};

/**
 * One attempt of a stored delivery: sign the stored document (every secret valid now), POST it
 * through the SSRF-guarded agent, then in one transaction record the attempt, the delivery's new
 * state, the endpoint's health (failing streak, automatic disabling) and the wake-up of its retry.
 */
export async function attemptDelivery(
  webhook: TDeliveryWebhook,
  delivery: TClaimedDelivery,
  options: TAttemptOptions,
): Promise<TAttemptResult> {
  const body = toWireBody(delivery.payload);
  const sentAt = options.now();
  const signature = signatureHeaders({
    messageId: delivery.messageId,
    timestamp: sentAt,
    body,
    secrets: activeSigningSecrets(webhook, sentAt),
  });
  const response = await sendWebhookRequest({
    url: webhook.url,
    headers: signature,
    body,
    dispatcher: options.dispatcher,
  });
  const now = options.now();
  const outcome = decideAttemptOutcome({
    response,
    now,
    automaticAttemptsBefore: delivery.automaticAttemptsBefore,
    isReplay: delivery.isReplay,
    isTest: delivery.isTest,
    previousStatus: delivery.previousStatus,
    previousNextAttemptAt: delivery.previousNextAttemptAt,
    schedule: options.schedule,
    random: options.random,
  });
  return withPgTransaction(
    async (tx) => {
      const { attemptNumber } = await recordAttempt(tx, {
        workspaceId: webhook.workspaceId,
        target: { kind: "event-webhook", eventWebhookId: webhook.id },
        messageId: delivery.messageId,
        url: webhook.url,
        topic: delivery.topic,
        payload: delivery.payload,
        // The signature is an HMAC, safe to keep; no secret is ever a header.
        requestHeaders: { "content-type": "application/json", ...signature },
        requestBody: body,
        response,
        status: outcome.status,
        nextAttemptAt: outcome.nextAttemptAt,
        isReplay: delivery.isReplay,
      });
      if (delivery.replayRequestedAt) {
        // Only the request this attempt served: one made while it was in flight stays pending.
        await tx.query(
          "update webhook_deliveries set replay_requested_at = null where id = $1 and replay_requested_at = $2",
          [delivery.id, delivery.replayRequestedAt],
        );
      }
      const disabledReason = delivery.isTest
        ? null
        : await recordEndpointHealth(tx, { webhook, response, messageId: delivery.messageId, now });
      if (outcome.nextAttemptAt && !disabledReason) {
        await wakeDeliverers(tx, [{ webhookId: webhook.id, at: outcome.nextAttemptAt }]);
      }
      return { ...outcome, response, attemptNumber, disabledReason };
    },
    { database: options.database },
  );
}

/**
 * The failing streak starts at the first failed attempt after a success and ends at the next
 * success; an endpoint whose streak reaches `disableAfterFailingDays` is disabled, and a 410 Gone
 * disables it at once. Test sends do not count (the caller skips them). Returns the reason when
 * this attempt disabled the webhook.
 */
async function recordEndpointHealth(
  tx: TPgTx,
  options: { webhook: TDeliveryWebhook; response: TWebhookResponse; messageId: string; now: Date },
): Promise<string | null> {
  const { webhook, response, now } = options;
  if (response.isSuccess) {
    await tx.query(
      "update event_webhooks set failing_since = null where id = $1 and failing_since is not null",
      [webhook.id],
    );
    return null;
  }
  const streak = await tx.query<{
    failing_since: Date;
    enabled: boolean;
    disable_after_failing_days: number;
  }>(
    `update event_webhooks set failing_since = coalesce(failing_since, $2) where id = $1
     returning failing_since, enabled, disable_after_failing_days`,
    [webhook.id, now],
  );
  const row = streak.rows[0];
  if (!row?.enabled) return null;
  let reason: string | null = null;
  if (response.isGone) {
    reason = `Disabled automatically on ${now.toISOString()}: the endpoint answered 410 Gone (delivery ${options.messageId}). Fix the endpoint, then enable the webhook again.`;
  } else if (now.getTime() - row.failing_since.getTime() >= row.disable_after_failing_days * DAY_MS) {
    reason = `Disabled automatically on ${now.toISOString()}: every delivery attempt has failed since ${row.failing_since.toISOString()} (${row.disable_after_failing_days} days or more); last error: ${response.error ?? "unknown"}. Fix the endpoint, then enable the webhook again.`;
  }
  if (reason) {
    await tx.query(
      "update event_webhooks set enabled = false, disabled_reason = $2, updated_at = now() where id = $1",
      [webhook.id, reason],
    );
  }
  return reason;
}
