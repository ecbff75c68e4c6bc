import type pg from "pg";
import type { Dispatcher } from "undici";
import { pool } from "@/lib/db/prisma";
import { StepError, type TStepHandler } from "@/lib/engine/step-handler";
import { loadWorkspaceSecrets } from "@/lib/secrets/load-workspace-secrets";
import { listSecretNames } from "@/lib/templating/list-secret-names";
import { maskSecrets, SECRET_MASK } from "@/lib/templating/mask-secrets";
import { renderJsonBody } from "@/lib/templating/render-json-body";
import { renderText } from "@/lib/templating/render-text";
import type { TTemplateError } from "@/lib/templating/template-error";
import { buildTemplateScope } from "@/lib/templating/template-scope";
import { flowWebhookSecret } from "@/lib/webhooks/flow-webhook-secret";
import { recordAttempt } from "@/lib/webhooks/record-attempt";
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
      const secretNames = readSecretNames([config.body, ...config.headers.map((header) => header.value)]);
      const secrets = await loadWorkspaceSecrets(
        db,
        context.workspaceId,
        secretNames.isDynamic ? null : secretNames.names,
      );
      const missing = secretNames.names.filter((name) => !(name in secrets));
      if (missing.length > 0) {
        throw new StepError(
          `Secret ${missing.map((name) => `"${name}"`).join(", ")} is not defined in this workspace`,
          { isRetryable: false },
        );
      }
      const scope = buildTemplateScope({
        profile: context.profile,
        event: context.event && {
          metricName: context.event.metricName,
          properties: context.event.properties,
          time: context.event.time,
          uniqueId: context.event.uniqueId,
          value: context.event.value,
        },
        outputs: context.outputs,
        secrets,
      });
      const body = await renderJsonBody(config.body, scope);
      if (!body.ok) throw templateError("Body", body.error);
      const headers: Record<string, string> = {};
      const storedHeaders: Record<string, string> = {};
      for (const header of config.headers) {
        const rendered = await renderText(header.value, scope);
        if (!rendered.ok) throw templateError(`Header "${header.name}"`, rendered.error);
        headers[header.name.toLowerCase()] = rendered.text;
        // A value built from a secret is stored masked whole (encodings such as Basic auth's
        // base64 would slip past value matching).
        storedHeaders[header.name.toLowerCase()] = /secrets/.test(header.value) ? SECRET_MASK : rendered.text;
      }
      const messageId = messageIdFor(context.step.idempotencyKey);
      const signature = signatureHeaders({
        messageId,
        timestamp: new Date(),
        body: body.body,
        secrets: [await flowWebhookSecret(db, context.workspaceId)],
      });
      const response = await sendWebhookRequest({
        url: config.url,
        headers: { ...headers, ...signature },
        body: body.body,
        dispatcher: options.dispatcher?.() ?? webhookDispatcher(),
        signal: context.signal,
      });
      const retryDelayMs =
        !response.isSuccess && response.isRetryable
          ? nextRetryDelayMs(context.step.attempt, { retryAfterMs: response.retryAfterMs, schedule })
          : null;
      const { deliveryId, attemptNumber } = await recordAttempt(db, {
        workspaceId: context.workspaceId,
        target: { kind: "step", stepId: context.step.id },
        messageId,
        url: config.url,
        payload: body.json,
        requestHeaders: { ...storedHeaders, ...signature },
        requestBody: maskSecrets(body.body, secrets),
        response,
        status: response.isSuccess ? "succeeded" : retryDelayMs !== null ? "pending" : "failed",
        nextAttemptAt: retryDelayMs === null ? null : new Date(Date.now() + retryDelayMs),
      });
      const output = {
        status: response.status,
        durationMs: response.durationMs,
        deliveryId,
        messageId,
        attempt: attemptNumber,
        response: response.body?.slice(0, OUTPUT_BODY_CHARS) ?? null,
      };
      context.log(response.isSuccess ? "delivered" : "delivery failed", {
        status: response.status,
        durationMs: response.durationMs,
      });
      if (response.isSuccess) return { output };
      throw new StepError(response.error ?? "Delivery failed", {
        isRetryable: retryDelayMs !== null,
        retryAfterMs: retryDelayMs ?? undefined,
        output,
      });
    },
  };
}

function readSecretNames(templates: readonly string[]): { names: string[]; isDynamic: boolean } {
  const names = new Set<string>();
  let isDynamic = false;
  for (const template of templates) {
    if (!template.includes("secrets")) continue;
    try {
      const found = listSecretNames(template);
      for (const name of found.names) names.add(name);
      isDynamic ||= found.hasDynamicAccess;
    } catch {
      // An unparsable template fails with its parse error when rendered, just below.
    }
  }
  return { names: [...names], isDynamic };
}

function templateError(what: string, error: TTemplateError): StepError {
  const where = error.line ? ` (line ${error.line}${error.column ? `, column ${error.column}` : ""})` : "";
  return new StepError(`${what} template${where}: ${error.message}`, { isRetryable: false });
}
