import type pg from "pg";
import type { TDeliveryWebhook, TSentAttempt } from "@/lib/event-webhooks/attempt-delivery";
import { type TWake, wakeDeliverers } from "@/lib/event-webhooks/wake-deliverer";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { type TPgTx, withPgTransaction } from "@/lib/ingestion/pg-transaction";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What the deliverer knows of the endpoint's failing streak. A deliverer is the only writer of
 * failing_since while it runs (deliverers of a webhook never overlap; enabling resets it only
 * while disabled, when no deliverer runs), so a success while the streak is known to be null
 * writes nothing. undefined: unknown, always written.
 */
export type THealthState = { failingSince?: Date | null };

// Every attempt of the group and its delivery's new state in ONE statement (a multi-row update
// feeding a multi-row insert): bench:webhooks measured a transaction per attempt (begin, record,
// health update, durable commit) as most of the deliverer's cost (docs/PERFORMANCE.md).
// request_body is stored empty: an event webhook request's body is always toWireBody of the
// delivery's sealed document, which never changes, and readers rebuild it from there
// (delivery-output.ts). Storing the document a second time per attempt was a third of the bytes
// the deliverer sent to PostgreSQL (bench:webhooks).
const RECORD_SQL = `with v as (
    select * from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::uuid[], $6::boolean[],
                         $7::jsonb[], $8::int[], $9::jsonb[], $10::text[], $11::int[], $12::text[], $13::text[])
      as v(delivery_id, status, next_attempt_at, replay_requested_at, attempt_id, is_replay, request_headers,
           response_status, response_headers, response_body, duration_ms, error, url)
  ), d as (
    update webhook_deliveries d
    set status = v.status::"DeliveryStatus", attempt_count = d.attempt_count + 1, next_attempt_at = v.next_attempt_at,
        url = v.url, updated_at = now(),
        -- Only the replay request this attempt served: one made while it was in flight stays.
        replay_requested_at = case when d.replay_requested_at = v.replay_requested_at then null
                                   else d.replay_requested_at end
    from v where d.id = v.delivery_id
    returning d.id, d.workspace_id, d.attempt_count
  )
  insert into webhook_attempts (id, workspace_id, delivery_id, number, is_replay, request_headers, request_body,
                                response_status, response_headers, response_body, duration_ms, error)
  select v.attempt_id, d.workspace_id, d.id, d.attempt_count, v.is_replay, v.request_headers, '',
         v.response_status, v.response_headers, v.response_body, v.duration_ms, v.error
  from v join d on d.id = v.delivery_id`;

// Named: parsed and planned once per connection (a generic plan: unnest → primary key), not on
// every group (bench:webhooks: ~0.45 ms of planning per call, pg_stat_statements).
const RECORD_NAME = "event-webhooks.record-attempts";

function recordParams(sent: readonly TSentAttempt[]): unknown[] {
  const column = <T>(pick: (attempt: TSentAttempt) => T) => sent.map(pick);
  return [
    column((a) => a.delivery.id),
    column((a) => a.outcome.status),
    column((a) => a.outcome.nextAttemptAt),
    column((a) => a.delivery.replayRequestedAt),
    column(() => uuidv7()),
    column((a) => a.delivery.isReplay),
    column((a) => JSON.stringify(a.requestHeaders)),
    column((a) => a.response.status),
    column((a) => (a.response.status === null ? null : JSON.stringify(a.response.headers))),
    column((a) => a.response.body),
    column((a) => Math.round(a.response.durationMs)),
    column((a) => a.response.error),
    column((a) => a.url),
  ];
}

/**
 * Records a group of attempts (in the order they ended) in one transaction: each attempt and
 * its delivery's new state, the endpoint's health (failing streak, automatic disabling) and
 * the wake-ups of the retries. Returns the reason when the group disabled the webhook.
 */
export async function recordAttempts(
  database: pg.Pool,
  webhook: TDeliveryWebhook,
  sent: readonly TSentAttempt[],
  health: THealthState = {},
): Promise<{ disabledReason: string | null }> {
  if (sent.length === 0) return { disabledReason: null };
  // The common group: every attempt a success, the streak known to be over, no retry to wake.
  // Its one statement commits on its own: no BEGIN and COMMIT round trips (on this VM each
  // socket write of the worker costs ~50 µs; bench:webhooks).
  const isOneStatement =
    health.failingSince === null &&
    sent.every((attempt) => attempt.response.isSuccess && !attempt.outcome.nextAttemptAt);
  if (isOneStatement) {
    await database.query({ name: RECORD_NAME, text: RECORD_SQL, values: recordParams(sent) });
    return { disabledReason: null };
  }
  return withPgTransaction(
    async (tx) => {
      await tx.query({ name: RECORD_NAME, text: RECORD_SQL, values: recordParams(sent) });
      const counted = sent.filter((attempt) => !attempt.delivery.isTest);
      const disabledReason = await recordEndpointHealth(tx, webhook, counted, health);
      const wakes: TWake[] = [];
      for (const attempt of sent) {
        if (attempt.outcome.nextAttemptAt)
          wakes.push({ webhookId: webhook.id, at: attempt.outcome.nextAttemptAt });
      }
      if (!disabledReason) await wakeDeliverers(tx, wakes);
      return { disabledReason };
    },
    { database },
  );
}

/**
 * The failing streak starts at the first failed attempt after a success and ends at the next
 * success; an endpoint whose streak reaches `disableAfterFailingDays` is disabled, and a 410 Gone
 * disables it at once. Test sends do not count (not passed here).
 */
async function recordEndpointHealth(
  tx: TPgTx,
  webhook: TDeliveryWebhook,
  counted: readonly TSentAttempt[],
  health: THealthState,
): Promise<string | null> {
  if (counted.length === 0) return null;
  const lastSuccess = counted.findLastIndex((attempt) => attempt.response.isSuccess);
  const failures = counted.slice(lastSuccess + 1);
  // A 410 disables at once, even when a request still in flight then succeeded.
  const gone = counted.find((attempt) => attempt.response.isGone);
  if (gone && failures.length === 0) failures.push(gone);
  if (failures.length === 0) {
    if (health.failingSince !== null) {
      await tx.query(
        "update event_webhooks set failing_since = null where id = $1 and failing_since is not null",
        [webhook.id],
      );
      health.failingSince = null;
    }
    return null;
  }
  const streak = await tx.query<{
    failing_since: Date;
    enabled: boolean;
    disable_after_failing_days: number;
  }>(
    `update event_webhooks set failing_since = case when $3 then $2 else coalesce(failing_since, $2) end where id = $1
     returning failing_since, enabled, disable_after_failing_days`,
    [webhook.id, failures[0]!.finishedAt, lastSuccess >= 0],
  );
  const row = streak.rows[0];
  health.failingSince = row?.failing_since;
  if (!row?.enabled) return null;
  const last = failures.at(-1)!;
  const now = last.finishedAt;
  let reason: string | null = null;
  if (gone) {
    reason = `Disabled automatically on ${gone.finishedAt.toISOString()}: the endpoint answered 410 Gone (delivery ${gone.delivery.messageId}). Fix the endpoint, then enable the webhook again.`;
  } else if (now.getTime() - row.failing_since.getTime() >= row.disable_after_failing_days * DAY_MS) {
    reason = `Disabled automatically on ${now.toISOString()}: every delivery attempt has failed since ${row.failing_since.toISOString()} (${row.disable_after_failing_days} days or more); last error: ${last.response.error ?? "unknown"}. Fix the endpoint, then enable the webhook again.`;
  }
  if (reason) {
    await tx.query(
      "update event_webhooks set enabled = false, disabled_reason = $2, updated_at = now() where id = $1",
      [webhook.id, reason],
    );
  }
  return reason;
}
