import type { Dispatcher } from "undici";
import { pool } from "@/lib/db/prisma";
import { HookflowError, notFound } from "@/lib/errors";
import { ZWebhookConfig } from "@/lib/flows/graph-schema";
import { loadPreviewSubject } from "@/lib/flows/webhook-preview";
import { isUuid } from "@/lib/ids/uuid-v7";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";
import { maskSecrets, SECRET_MASK } from "@/lib/templating/mask-secrets";
import { flowWebhookSecret } from "@/lib/webhooks/flow-webhook-secret";
import { recordAttempt } from "@/lib/webhooks/record-attempt";
import { describeRenderFailure, renderWebhookRequest } from "@/lib/webhooks/render-webhook-request";
import { sendWebhookRequest } from "@/lib/webhooks/send-request";
import { signatureHeaders } from "@/lib/webhooks/sign-request";
import { webhookDispatcher } from "@/lib/webhooks/webhook-dispatcher";

type TReplaySource = {
  message_id: string;
  url: string;
  status: string;
  step_id: string;
  flow_id: string;
  node_id: string;
  run_id: string;
  profile_id: string;
  event_id: string | null;
  graph: { nodes?: { id: string; config?: unknown }[] };
  last_body: string | null;
};

/**
 * Replays one finished flow webhook delivery now, as a new attempt marked replay with the same
 * webhook-id (receivers de-duplicate). The body is the one last sent, byte for byte, unless a
 * secret's value was masked in it; header values are rendered again from the node of the flow
 * version the run used (secrets are never stored in clear, so a masked Authorization can only be
 * rebuilt), for the run's profile as it is now, its event and its steps' outputs. A pending
 * delivery is left to the step's own retries. The run itself is not resumed (replay the run for
 * that): this resends the request.
 */
export async function replayFlowDelivery(
  options: { workspaceId: string; deliveryId: string; dispatcher?: Dispatcher; now?: () => Date },
  db: TPgTx = pool(),
) {
  if (!isUuid(options.deliveryId)) throw notFound("Delivery");
  const found = await db.query<TReplaySource>(
    `select d.message_id, d.url, d.status, d.step_id, d.flow_id, d.node_id, s.run_id, r.profile_id, r.event_id,
            v.graph,
            (select a.request_body from webhook_attempts a where a.delivery_id = d.id
             order by a.number desc limit 1) as last_body
     from webhook_deliveries d
     join steps s on s.id = d.step_id
     join runs r on r.id = s.run_id
     join flow_versions v on v.id = r.flow_version_id
     where d.workspace_id = $1 and d.id = $2 and d.flow_id is not null`,
    [options.workspaceId, options.deliveryId],
  );
  const source = found.rows[0];
  if (!source) throw notFound("Delivery");
  if (source.status === "pending" || source.status === "delivering") {
    throw new HookflowError(
      "conflict",
      "The step is still retrying this delivery; replay it once it has finished",
    );
  }
  const config = ZWebhookConfig.safeParse(
    source.graph.nodes?.find((node) => node.id === source.node_id)?.config,
  );
  if (!config.success)
    throw new HookflowError("conflict", "The flow version of this run has no such webhook node");
  const subject = await loadPreviewSubject(
    {
      workspaceId: options.workspaceId,
      flowId: source.flow_id,
      profileId: source.profile_id,
      eventId: source.event_id,
      upstreamCode: [],
    },
    db,
  );
  const outputs = await db.query<{ node_id: string; output: Record<string, unknown> }>(
    "select node_id, output from steps where run_id = $1 and status = 'completed' and output is not null",
    [source.run_id],
  );
  subject.outputs = Object.fromEntries(outputs.rows.map((row) => [row.node_id, row.output]));
  const rendered = await renderWebhookRequest({
    db,
    workspaceId: options.workspaceId,
    template: config.data,
    ...subject,
    secrets: "decrypt",
  });
  if (!rendered.ok) {
    throw new HookflowError("invalid", `Cannot replay: ${describeRenderFailure(rendered)}`);
  }
  const { headers, storedHeaders, secrets } = rendered.request;
  const isStoredBodyExact = source.last_body !== null && !source.last_body.includes(SECRET_MASK);
  const body = isStoredBodyExact ? source.last_body! : rendered.request.body;
  const signature = signatureHeaders({
    messageId: source.message_id,
    timestamp: options.now?.() ?? new Date(),
    body,
    secrets: [await flowWebhookSecret(db, options.workspaceId)],
  });
  const response = await sendWebhookRequest({
    url: source.url,
    headers: { ...headers, ...signature },
    body,
    dispatcher: options.dispatcher ?? webhookDispatcher(),
  });
  const { attemptNumber } = await recordAttempt(db, {
    workspaceId: options.workspaceId,
    target: { kind: "step", stepId: source.step_id, flowId: source.flow_id, nodeId: source.node_id },
    messageId: source.message_id,
    url: source.url,
    payload: undefined,
    requestHeaders: { ...storedHeaders, ...signature },
    requestBody: maskSecrets(body, secrets),
    response,
    status: response.isSuccess ? "succeeded" : "failed",
    nextAttemptAt: null,
    isReplay: true,
  });
  return { attemptNumber, status: response.status, error: response.error, isSuccess: response.isSuccess };
}
