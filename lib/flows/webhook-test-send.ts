import type { Dispatcher } from "undici";
import { pool } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import type { TPreviewSubject } from "@/lib/flows/webhook-preview";
import { webhookUrlProblem } from "@/lib/flows/webhook-url-rule";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";
import { maskSecrets } from "@/lib/templating/mask-secrets";
import { flowWebhookSecret } from "@/lib/webhooks/flow-webhook-secret";
import {
  renderWebhookRequest,
  type TRenderWebhookFailure,
  type TWebhookRequestTemplate,
} from "@/lib/webhooks/render-webhook-request";
import { DEFAULT_WEBHOOK_HEADERS, sendWebhookRequest } from "@/lib/webhooks/send-request";
import { messageIdFor, signatureHeaders } from "@/lib/webhooks/sign-request";
import { webhookAllowlist, webhookDispatcher } from "@/lib/webhooks/webhook-dispatcher";

export type TWebhookTestResult =
  | {
      ok: true;
      /** The request as sent: signature headers in full, values built from secrets masked. */
      request: { method: "POST"; url: string; headers: Record<string, string>; body: string };
      response: {
        status: number | null;
        headers: Record<string, string>;
        body: string | null;
        error: string | null;
      };
      durationMs: number;
      messageId: string;
    }
  | (Omit<TRenderWebhookFailure, "ok"> & { ok: false });

/**
 * "Send test" on a flow webhook node: renders for the chosen profile (and event), signs with the
 * workspace's flow webhook secret and sends through the engine's own path (renderWebhookRequest,
 * signatureHeaders, sendWebhookRequest on the SSRF-guarded dispatcher). Not recorded in
 * webhook_deliveries: a delivery belongs to a run's step or an event webhook, and a test send has
 * neither — the reply carries everything the attempt row would.
 */
export async function sendWebhookTest(
  options: {
    workspaceId: string;
    flowId: string;
    nodeId: string;
    template: TWebhookRequestTemplate;
    subject: TPreviewSubject;
    dispatcher?: Dispatcher;
    isHttpAllowed?: boolean;
  },
  db: TPgTx = pool(),
): Promise<TWebhookTestResult> {
  const url = options.template.url.trim();
  const urlProblem = webhookUrlProblem(url, {
    isHttpAllowed: options.isHttpAllowed ?? webhookAllowlist().isEnabled,
  });
  if (urlProblem) throw new HookflowError("invalid", urlProblem, { pointer: "url" });
  const rendered = await renderWebhookRequest({
    db,
    workspaceId: options.workspaceId,
    template: options.template,
    ...options.subject,
    secrets: "decrypt",
  });
  if (!rendered.ok) return rendered;
  const { body, headers, storedHeaders, secrets } = rendered.request;
  const messageId = messageIdFor(`test:${options.flowId}:${options.nodeId}:${uuidv7()}`);
  const signature = signatureHeaders({
    messageId,
    timestamp: new Date(),
    body,
    secrets: [await flowWebhookSecret(db, options.workspaceId)],
  });
  const response = await sendWebhookRequest({
    url,
    headers: { ...headers, ...signature },
    body,
    dispatcher: options.dispatcher ?? webhookDispatcher(),
  });
  return {
    ok: true,
    request: {
      method: "POST",
      url,
      headers: { ...DEFAULT_WEBHOOK_HEADERS, ...storedHeaders, ...signature },
      body: maskSecrets(body, secrets),
    },
    response: {
      status: response.status,
      headers: response.headers,
      body: response.body === null ? null : maskSecrets(response.body, secrets),
      error: response.error,
    },
    durationMs: response.durationMs,
    messageId,
  };
}
