import { uuidv7 } from "@/lib/ids/uuid-v7";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";
import type { TWebhookResponse } from "@/lib/webhooks/send-request";

// A flow webhook step's delivery. Event webhook deliveries are written by lib/event-webhooks (their
// webhook-id derives from the delivery id and is not in the unique index: see below).
export type TDeliveryTarget = { kind: "step"; stepId: string; flowId: string; nodeId: string };

export type TAttemptRecord = {
  workspaceId: string;
  target: TDeliveryTarget;
  messageId: string;
  url: string;
  topic?: string | null;
  payload: unknown;
  requestHeaders: Record<string, string>;
  requestBody: string;
  response: TWebhookResponse;
  /** The delivery's state after this attempt. */
  status: "pending" | "succeeded" | "failed";
  nextAttemptAt: Date | null;
  isReplay?: boolean;
};

/**
 * Records one attempt and the delivery it belongs to, in one statement: the delivery (one per
 * webhook-id) is created on its first attempt and updated on each later one; the attempt keeps
 * the request as sent (headers with secrets already masked by the caller) and the response.
 * Written as soon as the attempt ends (event webhooks; a flow step's retries): an attempt that
 * happened is a fact even if what follows fails. A flow step's first attempt is recorded in its
 * round's commit instead (attemptStatement; flow-webhook-handler.ts says why).
 */
export async function recordAttempt(
  db: TPgTx,
  options: TAttemptRecord,
): Promise<{ deliveryId: string; attemptNumber: number }> {
  const statement = attemptStatement(options, uuidv7());
  const result = await db.query<{ delivery_id: string; number: number }>(statement.text, [
    ...statement.values,
  ]);
  const row = result.rows[0]!;
  return { deliveryId: row.delivery_id, attemptNumber: row.number };
}

/**
 * recordAttempt's statement, for a caller that runs it later: `deliveryId` is the delivery's id
 * when this attempt creates it (an existing delivery, same webhook-id, keeps its own).
 */
export function attemptStatement(
  options: TAttemptRecord,
  deliveryId: string,
): { text: string; values: readonly unknown[] } {
  const { response } = options;
  return {
    text: `with delivery as (
       insert into webhook_deliveries (id, workspace_id, event_webhook_id, step_id, message_id, url, topic, payload,
                                       status, attempt_count, next_attempt_at, flow_id, node_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::"DeliveryStatus", 1, $10, $20, $21)
       -- The unique index on message_id covers flow deliveries only (event_webhook_id null;
       -- migration 20261130064500): an event delivery's webhook-id is a hash of its own id.
       on conflict (message_id) where event_webhook_id is null do update
         set status = excluded.status, attempt_count = webhook_deliveries.attempt_count + 1,
             next_attempt_at = excluded.next_attempt_at, url = excluded.url, updated_at = now()
       returning id, attempt_count
     )
     insert into webhook_attempts (id, workspace_id, delivery_id, number, is_replay, request_headers, request_body,
                                   response_status, response_headers, response_body, duration_ms, error)
     select $11, $2, d.id, d.attempt_count, $12, $13, $14, $15, $16, $17, $18, $19 from delivery d
     returning delivery_id, number`,
    values: [
      deliveryId,
      options.workspaceId,
      null,
      options.target.stepId,
      options.messageId,
      options.url,
      options.topic ?? null,
      JSON.stringify(options.payload ?? null),
      options.status,
      options.nextAttemptAt,
      uuidv7(),
      options.isReplay ?? false,
      JSON.stringify(options.requestHeaders),
      options.requestBody,
      response.status,
      response.status === null ? null : JSON.stringify(response.headers),
      response.body,
      response.durationMs,
      response.error,
      options.target.flowId,
      options.target.nodeId,
    ],
  };
}
