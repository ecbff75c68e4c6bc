import type pg from "pg";
import type { Dispatcher } from "undici";
import { pool } from "@/lib/db/prisma";
import { StepError, type TStepHandler } from "@/lib/engine/step-handler";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { maskSecrets } from "@/lib/templating/mask-secrets";
import { RENDER_TIME_LIMIT_MESSAGE } from "@/lib/templating/template-error";
import { flowWebhookSecret } from "@/lib/webhooks/flow-webhook-secret";
import { attemptStatement, recordAttempt, type TAttemptRecord } from "@/lib/webhooks/record-attempt";
import { describeRenderFailure, renderWebhookRequest } from "@/lib/webhooks/render-webhook-request";
import { ensureRetentionSweepScheduled } from "@/lib/webhooks/retention/retention-sweep-job";
import { MAX_DELIVERY_ATTEMPTS, nextRetryDelayMs } from "@/lib/webhooks/retry-policy";
import { sendWebhookRequest } from "@/lib/webhooks/send-request";
import { messageIdFor, signatureHeaders } from "@/lib/webhooks/sign-request";
import { webhookDispatcher } from "@/lib/webhooks/webhook-dispatcher";

/** What a step output keeps of the response (the attempt row keeps up to 64 KiB). */
const OUTPUT_BODY_CHARS = 1024;

export type TWebhookHandlerOptions = {
  database?: () => pg.Pool;
  dispatcher?: () => Dispatcher;
  /** Retry delays (tests shorten them); default: the Svix schedule of retry-policy.ts. */
  schedule?: readonly number[];
  /** Time for the receiver's whole response (tests shorten it); default 15 s. */
  responseTimeoutMs?: number;
};

/**
 * The flow webhook step: renders the node's headers and JSON body (Liquid, with `person`, `event`,
 * `outputs`, and `secrets` decrypted only now), signs the request (Standard Webhooks, the
 * workspace's flow secret; `webhook-id` derived from the step's idempotency key, so every retry
 * and every re-execution after a crash carries the same id), sends it through the SSRF-guarded
 * agent, and records the attempt. Template errors and refused targets fail the step at once;
 * network errors, timeouts, 408, 429 and 5xx are retried on the schedule (Retry-After honoured).
 */
export function createWebhookStepHandler(options: TWebhookHandlerOptions = {}): TStepHandler<"webhook"> {
  const schedule = options.schedule;
  return {
    type: "webhook",
    maxAttempts: (schedule?.length ?? MAX_DELIVERY_ATTEMPTS - 1) + 1,
    timeoutMs: 30_000,
    async execute(context) {
      const db = options.database?.() ?? pool();
      const config = context.node.config;
      const rendered = await renderWebhookRequest({
        db,
        workspaceId: context.workspaceId,
        template: config,
        profile: context.profile,
        event: context.event && {
          metricName: context.event.metricName,
          properties: context.event.properties,
          time: context.event.time,
          uniqueId: context.event.uniqueId,
          value: context.event.value,
        },
        outputs: context.outputs,
        secrets: "decrypt",
      });
      // A render error is final (the template will not change), except the time limit: it counts
      // wall-clock time, which a starved CPU can exceed on any template (docs/RELIABILITY.md, Soak).
      if (!rendered.ok) {
        throw new StepError(describeRenderFailure(rendered), {
          isRetryable: rendered.part !== "secrets" && rendered.message === RENDER_TIME_LIMIT_MESSAGE,
        });
      }
      const { body, headers, storedHeaders, secrets } = rendered.request;
      const messageId = messageIdFor(context.step.idempotencyKey);
      const signature = signatureHeaders({
        messageId,
        timestamp: new Date(),
        body,
        secrets: [await flowWebhookSecret(db, context.workspaceId)],
      });
      const response = await sendWebhookRequest({
        url: config.url,
        headers: { ...headers, ...signature },
        body,
        dispatcher: options.dispatcher?.() ?? webhookDispatcher(),
        signal: context.signal,
        timeoutMs: options.responseTimeoutMs,
      });
      const retryDelayMs =
        !response.isSuccess && response.isRetryable
          ? nextRetryDelayMs(context.step.attempt, { retryAfterMs: response.retryAfterMs, schedule })
          : null;
      const storedBody = maskSecrets(body, secrets);
      // A receiver may echo what it got (headers, body) in its answer: the stored copy of the
      // response is masked too, as the request is (found by test/fuzz/secrets-never-leak.test.ts).
      const storedResponse = maskResponse(response, secrets);
      await ensureRetentionSweepScheduled(db);
      const attempt: TAttemptRecord = {
        workspaceId: context.workspaceId,
        target: {
          kind: "step",
          stepId: context.step.id,
          flowId: context.run.flowId,
          nodeId: context.node.id,
        },
        messageId,
        url: config.url,
        // The stored document never holds a secret's value either (a masked number is no longer
        // JSON: then the masked text is kept as a string).
        payload: storedBody === body ? rendered.request.json : parseOrText(storedBody),
        requestHeaders: { ...storedHeaders, ...signature },
        requestBody: storedBody,
        response: storedResponse,
        status: response.isSuccess ? "succeeded" : retryDelayMs !== null ? "pending" : "failed",
        nextAttemptAt: retryDelayMs === null ? null : new Date(Date.now() + retryDelayMs),
      };
      // A step's first attempt is recorded in its round's commit, with the step's result: one
      // statement for the whole round instead of a durable commit per delivery (the largest share
      // of the worker's round trips, docs/PERFORMANCE.md). If that commit fails the step runs
      // again, sends the same webhook-id, and that attempt is recorded (immediately: later
      // attempts, rare, keep the write-at-once path and its exact attempt numbers).
      let recorded: { deliveryId: string; attemptNumber: number };
      if (context.round && context.step.attempt === 1) {
        recorded = { deliveryId: uuidv7(), attemptNumber: 1 };
        context.round.defer(attemptStatement(attempt, recorded.deliveryId));
      } else {
        recorded = await recordAttempt(db, attempt);
      }
      const { deliveryId, attemptNumber } = recorded;
      const output = {
        status: response.status,
        durationMs: response.durationMs,
        deliveryId,
        messageId,
        attempt: attemptNumber,
        response: storedResponse.body?.slice(0, OUTPUT_BODY_CHARS) ?? null,
      };
      context.log(response.isSuccess ? "delivered" : "delivery failed", {
        status: response.status,
        durationMs: response.durationMs,
      });
      if (response.isSuccess) return { output };
      throw new StepError(storedResponse.error ?? "Delivery failed", {
        isRetryable: retryDelayMs !== null,
        retryAfterMs: retryDelayMs ?? undefined,
        output,
      });
    },
  };
}

function maskResponse<
  T extends { body: string | null; headers: Record<string, string>; error: string | null },
>(response: T, secrets: Record<string, string>): T {
  if (Object.keys(secrets).length === 0) return response;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) headers[name] = maskSecrets(value, secrets);
  return {
    ...response,
    headers,
    body: response.body === null ? null : maskSecrets(response.body, secrets),
    error: response.error === null ? null : maskSecrets(response.error, secrets),
  };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
