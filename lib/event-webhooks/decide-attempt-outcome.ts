import { nextRetryDelayMs } from "@/lib/webhooks/retry-policy";
import type { TWebhookResponse } from "@/lib/webhooks/send-request";

export type TDeliveryState = "pending" | "delivering" | "succeeded" | "failed";

export type TAttemptOutcome = { status: "pending" | "succeeded" | "failed"; nextAttemptAt: Date | null };

/**
 * A delivery's state after an attempt.
 * - 2xx: succeeded.
 * - Automatic attempts: network errors, timeouts, 408, 429 and 5xx are retried on the schedule
 *   (Retry-After honoured, retry-policy.ts), counted in automatic attempts only; after the last
 *   one, or on any other answer (3xx, other 4xx, 410, an SSRF refusal), failed.
 * - A replay is one extra attempt that never moves the schedule: when it fails, a delivery that
 *   was waiting for a retry keeps waiting for it; any other becomes failed.
 * - Test sends are never retried.
 */
export function decideAttemptOutcome(options: {
  response: TWebhookResponse;
  now: Date;
  /** Automatic (non-replay) attempts made before this one. */
  automaticAttemptsBefore: number;
  isReplay: boolean;
  isTest: boolean;
  previousStatus: TDeliveryState;
  previousNextAttemptAt: Date | null;
  schedule?: readonly number[];
  random?: () => number;
}): TAttemptOutcome {
  const { response } = options;
  if (response.isSuccess) return { status: "succeeded", nextAttemptAt: null };
  if (options.isReplay) {
    return options.previousStatus === "pending" && options.previousNextAttemptAt && !response.isGone
      ? { status: "pending", nextAttemptAt: options.previousNextAttemptAt }
      : { status: "failed", nextAttemptAt: null };
  }
  if (options.isTest || !response.isRetryable) return { status: "failed", nextAttemptAt: null };
  const delayMs = nextRetryDelayMs(options.automaticAttemptsBefore + 1, {
    retryAfterMs: response.retryAfterMs,
    schedule: options.schedule,
    random: options.random,
  });
  return delayMs === null
    ? { status: "failed", nextAttemptAt: null }
    : { status: "pending", nextAttemptAt: new Date(options.now.getTime() + delayMs) };
}
