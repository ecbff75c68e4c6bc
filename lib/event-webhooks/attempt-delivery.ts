import type pg from "pg";
import type { Dispatcher } from "undici";
import {
  decideAttemptOutcome,
  type TAttemptOutcome,
  type TDeliveryState,
} from "@/lib/event-webhooks/decide-attempt-outcome";
import { recordAttempts } from "@/lib/event-webhooks/record-attempts";
import { activeSigningSecrets, type TSealedSecrets } from "@/lib/event-webhooks/signing-secrets";
import { sendWebhookRequest, type TWebhookResponse } from "@/lib/webhooks/send-request";
import { signatureHeaders } from "@/lib/webhooks/sign-request";

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
  /** The request body: the sealed document as toWireBody wrote it (the same on every attempt). */
  body: string;
  topic: string | null;
  isTest: boolean;
  isReplay: boolean;
  replayRequestedAt: Date | null;
  automaticAttemptsBefore: number;
  previousStatus: TDeliveryState;
  previousNextAttemptAt: Date | null;
};

export type TSendOptions = {
  dispatcher: Dispatcher;
  now: () => Date;
  schedule?: readonly number[];
  random?: () => number;
};

/** An attempt made and not yet recorded: the request as sent, the answer and the new state. */
export type TSentAttempt = {
  delivery: TClaimedDelivery;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  response: TWebhookResponse;
  outcome: TAttemptOutcome;
  finishedAt: Date;
};

/**
 * Signs the stored body (every secret valid now) and POSTs it through the SSRF-guarded
 * agent; decides the delivery's next state. Records nothing: recordAttempts does, for a group.
 */
export async function sendAttempt(
  webhook: TDeliveryWebhook,
  delivery: TClaimedDelivery,
  options: TSendOptions,
): Promise<TSentAttempt> {
  const { body } = delivery;
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
  const finishedAt = options.now();
  const outcome = decideAttemptOutcome({
    response,
    now: finishedAt,
    automaticAttemptsBefore: delivery.automaticAttemptsBefore,
    isReplay: delivery.isReplay,
    isTest: delivery.isTest,
    previousStatus: delivery.previousStatus,
    previousNextAttemptAt: delivery.previousNextAttemptAt,
    schedule: options.schedule,
    random: options.random,
  });
  return {
    delivery,
    url: webhook.url,
    // The signature is an HMAC, safe to keep; no secret is ever a header.
    requestHeaders: { "content-type": "application/json", ...signature },
    requestBody: body,
    response,
    outcome,
    finishedAt,
  };
}

export type TAttemptResult = TAttemptOutcome & {
  response: TWebhookResponse;
  /** Set when this attempt disabled the webhook (410 Gone, or failing for too long). */
  disabledReason: string | null;
};

/** One attempt sent and recorded on its own (test sends). */
export async function attemptDelivery(
  webhook: TDeliveryWebhook,
  delivery: TClaimedDelivery,
  options: TSendOptions & { database: pg.Pool },
): Promise<TAttemptResult> {
  const sent = await sendAttempt(webhook, delivery, options);
  const { disabledReason } = await recordAttempts(options.database, webhook, [sent]);
  return { ...sent.outcome, response: sent.response, disabledReason };
}
